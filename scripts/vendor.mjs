// Copy the files Orbita serves from node_modules into var/vendor (collected as static files
// under /static/vendor/). Front-end libraries come from the npm registry at install time:
// never from a CDN, never committed.
import { cpSync, mkdirSync, rmSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const root = join(dirname(new URL(import.meta.url).pathname), "..");
const out = join(root, "var", "vendor");

const files = {
  "bootstrap/dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
  "bootstrap/dist/css/bootstrap.min.css.map": "bootstrap/bootstrap.min.css.map",
  "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
  "bootstrap/dist/js/bootstrap.bundle.min.js.map": "bootstrap/bootstrap.bundle.min.js.map",
  "bootstrap-icons/font/bootstrap-icons.min.css": "bootstrap-icons/bootstrap-icons.min.css",
  "bootstrap-icons/font/fonts": "bootstrap-icons/fonts",
  "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
  "chart.js/dist/chart.umd.min.js": "chartjs/chart.umd.min.js",
  "leaflet/dist/leaflet.js": "leaflet/leaflet.js",
  "leaflet/dist/leaflet.css": "leaflet/leaflet.css",
  "leaflet/dist/images": "leaflet/images",
};

rmSync(out, { recursive: true, force: true });
for (const [from, to] of Object.entries(files)) {
  const src = join(root, "node_modules", from);
  if (!existsSync(src)) {
    console.error(`vendor: ${from} is missing; run npm ci`);
    process.exit(1);
  }
  mkdirSync(dirname(join(out, to)), { recursive: true });
  cpSync(src, join(out, to), { recursive: true });
}
for (const to of Object.values(files)) stripMissingSourceMap(join(out, to));

// A minified file may name a source map the package does not ship (chart.js, leaflet);
// Django's manifest storage refuses to collect a file whose map is missing, so the comment
// goes when the map is not beside the file.
function stripMissingSourceMap(path) {
  if (!/\.(js|css)$/.test(path)) return;
  const text = readFileSync(path, "utf8");
  const match = text.match(/[#@] sourceMappingURL=([^\s*]+)/);
  if (match && !existsSync(join(dirname(path), match[1]))) {
    writeFileSync(path, text.replace(/\n?\/[/*][#@] sourceMappingURL=[^\n]*/, ""));
  }
}
console.log(`vendor: ${Object.keys(files).length} entries copied to var/vendor`);
