// The README inside the VSIX (`npm run package` passes it to vsce with --readme-path): docs/extension-readme.md with
// every image inlined as a data: URI, written to dist/README.md.
//
// Why inline: VS Code's extension details page renders the README in a webview whose Content-Security-Policy allows
// images only from `https:` and `data:` and which has no base URL, so a relative `media/x.png` never shows for a VSIX
// installed from disk, and an https URL needs a public host this project does not have. Inlined PNGs show offline,
// in VS Code 1.100 offline. Newer VS Code (1.139) strips data: image sources from that page too and shows only https
// images: once the project has a public https home for media/, CLERK_README_IMAGES_URL=https://…/ (the folder that
// holds media/) links the images there instead. The source page keeps plain relative links, readable in the repository.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'docs', 'extension-readme.md');
const target = resolve(root, process.argv[2] ?? join('dist', 'README.md'));
/** Inlined images, in total: the VSIX (≤ 400 KB) also carries the bundle (~35 KB compressed). */
const IMAGE_BUDGET = 330 * 1024;

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const imagesUrl = process.env.CLERK_README_IMAGES_URL?.replace(/\/*$/, '/');
if (imagesUrl !== undefined && !/^https:\/\/[^/]/.test(imagesUrl)) throw new Error('CLERK_README_IMAGES_URL must be an https URL');
let total = 0;
const inlined = [];
const md = readFileSync(source, 'utf8').replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (_all, alt, link) => {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link)) throw new Error(`${relative(root, source)}: only relative image links are inlined, not ${link}`);
  const file = resolve(dirname(source), link);
  if (!existsSync(file)) throw new Error(`${relative(root, source)}: image ${link} not found (${file})`);
  const bytes = readFileSync(file);
  if (!bytes.subarray(0, 8).equals(PNG)) throw new Error(`${relative(root, source)}: ${link} is not a PNG`);
  if (imagesUrl) {
    inlined.push(relative(root, file));
    return `![${alt}](${new URL(relative(root, file).split('\\').join('/'), imagesUrl)})`;
  }
  total += bytes.length;
  inlined.push(`${relative(root, file)} ${(bytes.length / 1024).toFixed(1)} KB`);
  return `![${alt}](data:image/png;base64,${bytes.toString('base64')})`;
});
if (total > IMAGE_BUDGET) {
  throw new Error(
    `images total ${(total / 1024).toFixed(1)} KB, over the ${IMAGE_BUDGET / 1024} KB budget: ` + 'npm run screenshots optimises them',
  );
}
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, md);
const how = imagesUrl ? `at ${imagesUrl}` : `inlined, ${(total / 1024).toFixed(1)} KB`;
console.log(`[readme] ${relative(root, target)}: ${inlined.length} images ${how} (${inlined.join(', ')})`);
