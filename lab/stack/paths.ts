// The lab and the tests reach the project root and the binary cache through here; the one
// definition lives in adapters/ because the adapters need them too and never import lab/.
export { cacheDir, projectRoot } from '../../adapters/paths.js';
