// The screenshot gallery a UI run leaves behind: test-results/screenshots/index.html, one figure
// per screenshot in the order they were taken, captioned with the test that took it, so a person
// can look at the product after a run without starting it.
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** @param {string} text */
function escapeHtml(text) {
	return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/**
 * Writes `index.html` into `dir`, which holds the screenshots.
 * @param {string} dir
 * @param {{ file: string, name: string, test?: string }[]} shots in the order they were taken
 * @param {{ title: string, summary: string }} about heading and one line under it
 * @returns {string} the file written
 */
export function writeGallery(dir, shots, { title, summary }) {
	const figures = shots.map(({ file, name, test }) => {
		const failed = /^(failed|timeout)-/.test(name);
		return `<figure${failed ? ' class="failed"' : ''}>
  <a href="${escapeHtml(encodeURIComponent(basename(file)))}"><img src="${escapeHtml(encodeURIComponent(basename(file)))}" alt="${escapeHtml(name)}" loading="lazy"></a>
  <figcaption><strong>${escapeHtml(name)}</strong>${test ? `<br>${escapeHtml(test)}` : ''}</figcaption>
</figure>`;
	});
	const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 24px; color: #1f1f1f; background: #fafafa; }
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 20px; }
figure { margin: 0; background: #fff; border: 1px solid #ddd; border-radius: 6px; overflow: hidden; }
figure.failed { border-color: #c72e0f; }
img { width: 100%; display: block; }
figcaption { padding: 8px 10px; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(summary)}</p>
<main>
${figures.join('\n')}
</main>
</body>
</html>
`;
	const out = join(dir, 'index.html');
	writeFileSync(out, html);
	return out;
}
