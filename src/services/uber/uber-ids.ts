/** `<prefix>_` + the uuid's 16 bytes in URL-safe base64, as Uber tokenizes its ids (reference §6). */
export const tokenize = (prefix: string, uuid: string) => `${prefix}_${Buffer.from(uuid.replaceAll('-', ''), 'hex').toString('base64url')}`;
