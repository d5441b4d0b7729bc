/** Copies the VAD's runtime files into `target` (default public/vad); resolves to it. */
export function copyVadAssets(target?: string): Promise<string>;
export const VAD_ASSETS: [string, string][];
