/** A positive whole number from the environment (benchmark knobs such as BENCH_SECONDS), or the default. */
export const envInt = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
};
