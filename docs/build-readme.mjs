// The README inside the VSIX (`npm run package` passes it to vsce with --readme-path): docs/extension-readme.md with
// every image linked at an https URL, written to dist/README.md.
//
// Why https: VS Code's extension details page renders the README in a webview (no service worker, so nothing of the
// extension's own files can load there) whose Content-Security-Policy allows images only from `https:` and `data:`.
// Relative links never show, in any version. `data:` images show on VS Code 1.100 but newer versions (1.139 here)
// strip every image source that is not http(s) before rendering, and inlining made the readme 399 KB. An https URL
// is the one form both show: the images are published at CLERK_README_IMAGES_URL (the folder that holds media/, e.g.
// a release's raw files), and the readme stays a few KB. Without it the links point at https://clerk-sessions.test/,
// a reserved name that resolves nowhere, which the UI test serves from media/ (see test/ui/02-extension-page.test.ts):
// fine for development and the tests, not for a release (this script says so). The source page keeps plain relative
// links, readable in the repository.
import { readFileSync, writeFileSync, mkdirSync, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'docs', 'extension-readme.md');
const target = resolve(root, process.argv[2] ?? join('dist', 'README.md'));
/** Where the images are when no CLERK_README_IMAGES_URL is given: a stand-in the UI test serves, nobody else. */
const STAND_IN = 'https://clerk-sessions.test/';
/** The packaged readme (the VSIX must stay ≤ 400 KB; the text alone is ~12 KB). */
const README_BUDGET = 50 * 1024;
/** One image, as published: a cropped screenshot optimised by `npm run screenshots` is well under this. */
const IMAGE_BUDGET = 150 * 1024;

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const imagesUrl = (process.env.CLERK_README_IMAGES_URL || STAND_IN).replace(/\/*$/, '/');
if (!/^https:\/\/[^/?#]+\/[^?#]*$/.test(imagesUrl))
  throw new Error(`CLERK_README_IMAGES_URL must be an https URL of a folder, not ${imagesUrl}`);
const linked = [];
const md = readFileSync(source, 'utf8').replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (_all, alt, link) => {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link)) throw new Error(`${relative(root, source)}: only relative image links are published, not ${link}`);
  const file = resolve(dirname(source), link);
  const path = relative(root, file).split('\\').join('/');
  if (!existsSync(file)) throw new Error(`${relative(root, source)}: image ${link} not found (${file})`);
  if (!readFileSync(file).subarray(0, 8).equals(PNG)) throw new Error(`${relative(root, source)}: ${link} is not a PNG`);
  const size = statSync(file).size;
  if (size > IMAGE_BUDGET)
    throw new Error(`${path} is ${(size / 1024).toFixed(1)} KB, over ${IMAGE_BUDGET / 1024} KB: npm run screenshots optimises it`);
  if (path.startsWith('../')) throw new Error(`${link} is outside the repository`);
  linked.push(`${path} ${(size / 1024).toFixed(1)} KB`);
  return `![${alt}](${new URL(path, imagesUrl)})`;
});
if (Buffer.byteLength(md) > README_BUDGET) {
  throw new Error(`the packaged readme is ${(Buffer.byteLength(md) / 1024).toFixed(1)} KB, over the ${README_BUDGET / 1024} KB budget`);
}
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, md);
console.log(
  `[readme] ${relative(root, target)}: ${(Buffer.byteLength(md) / 1024).toFixed(1)} KB, ${linked.length} images at ${imagesUrl} (${linked.join(', ')})`,
);
if (imagesUrl === STAND_IN) {
  console.log(
    `[readme] images linked at the stand-in ${STAND_IN}, which only the UI test serves: for a release, publish media/ ` +
      'at an https URL and package with CLERK_README_IMAGES_URL=https://…/ (the folder that holds media/)',
  );
}
