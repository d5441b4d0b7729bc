// Copies the voice activity detector's runtime files (Silero model, audio worklet,
// onnxruntime-web's WASM) from node_modules into public/vad/, so the app serves them itself:
// no CDN, no committed blobs. Runs before `dev` and `build` and after `npm install`.
import { copyFile, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const vad = path.join(root, "node_modules/@ricky0123/vad-web/dist");
const ort = path.join(root, "node_modules/onnxruntime-web/dist");

/** What lib/call-client/voice-io.ts loads: keep the two lists in step. */
export const VAD_ASSETS = [
  [vad, "vad.worklet.bundle.min.js"],
  [vad, "silero_vad_v5.onnx"],
  [ort, "ort-wasm-simd-threaded.wasm"],
  [ort, "ort-wasm-simd-threaded.mjs"],
];

export async function copyVadAssets(target = path.join(root, "public/vad")) {
  await mkdir(target, { recursive: true });
  for (const [dir, name] of VAD_ASSETS) {
    const from = path.join(dir, name);
    const to = path.join(target, name);
    const [src, dst] = await Promise.all([stat(from), stat(to).catch(() => null)]);
    if (dst && dst.size === src.size && dst.mtimeMs >= src.mtimeMs) continue;
    await copyFile(from, to);
  }
  return target;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  copyVadAssets().then(
    (dir) => console.log(`VAD assets in ${path.relative(root, dir)}`),
    (error) => {
      console.error(`Could not copy the VAD assets: ${error.message}`);
      process.exit(1);
    },
  );
}
