/** One palette for both renderers and both basemaps. */
export const COLORS = {
  water: '#cfe1f0',
  land: '#f4f2ed',
  border: '#a9b0bd',
  park: '#d8ead0',
  building: '#e3ded5',
  casing: '#d3cec2',
  minorRoad: '#ffffff',
  majorRoad: '#f6cf65',
  highway: '#ef9d4a',
  rail: '#b9b4ab',
  label: '#3b4150',
  labelHalo: '#ffffff',
  path: '#2563eb',
  destination: '#dc2626',
  marker: '#111827',
} as const;

/** Text drawn by MapLibre itself from the browser's own fonts: the style has no glyph URL, so nothing is fetched. */
export const LABEL_FONT = ['sans-serif'];
