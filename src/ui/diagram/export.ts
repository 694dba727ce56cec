// Downloads: the diagram as a standalone SVG file (valid XML, its own size and background) and as a
// PNG drawn from that file at twice its size.
import type { Theme } from '../../diagram/diagram.ts';
import { naturalSize } from './view-box.ts';

const BACKGROUND: Record<Theme, string> = { light: '#ffffff', dark: '#1e2227' };

/**
 * Mermaid's SVG is HTML-serialized (`<br>` in labels), which an SVG file cannot hold: re-serialize it
 * as XML, with its natural size instead of "100%" and the theme's background.
 */
export function standaloneSvg(svg: string, theme: Theme): { xml: string; width: number; height: number } {
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${svg}`, 'text/html');
  const root = doc.querySelector('svg');
  if (!root) throw new Error('No SVG to export');
  const size = naturalSize(svg) ?? { width: 800, height: 600 };
  root.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  root.setAttribute('width', String(Math.ceil(size.width)));
  root.setAttribute('height', String(Math.ceil(size.height)));
  root.style.maxWidth = '';
  root.style.backgroundColor = BACKGROUND[theme];
  const xml = new XMLSerializer().serializeToString(root);
  return { xml: `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`, width: size.width, height: size.height };
}

export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function svgBlob(svg: string, theme: Theme): Blob {
  return new Blob([standaloneSvg(svg, theme).xml], { type: 'image/svg+xml' });
}

/** Draw the standalone SVG onto a canvas at `density` pixels per unit, capped to a size browsers allow. */
export async function pngBlob(svg: string, theme: Theme, density = 2): Promise<Blob> {
  const { xml, width, height } = standaloneSvg(svg, theme);
  const scale = Math.min(density, 8000 / width, 8000 / height);
  const image = new Image();
  image.decoding = 'async';
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw a PNG here');
  ctx.fillStyle = BACKGROUND[theme];
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The PNG could not be made'))), 'image/png'));
}
