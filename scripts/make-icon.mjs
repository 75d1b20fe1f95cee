// Renders media/icon.png (128x128) from the SVG below with Debian's Chromium, so the icon
// has a reviewable source. Run: node scripts/make-icon.mjs
import { chromium } from 'playwright-core';
import { launchOptions } from './lib/browser.mjs';

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#232f3e"/><stop offset="1" stop-color="#0f1620"/>
    </linearGradient>
  </defs>
  <rect x="4" y="4" width="120" height="120" rx="22" fill="url(#bg)"/>
  <!-- three token segments: header . payload . signature -->
  <rect x="18" y="34" width="26" height="14" rx="4" fill="#fb7185"/>
  <circle cx="50" cy="41" r="3" fill="#e5e7eb"/>
  <rect x="56" y="34" width="30" height="14" rx="4" fill="#c084fc"/>
  <circle cx="92" cy="41" r="3" fill="#e5e7eb"/>
  <rect x="98" y="34" width="12" height="14" rx="4" fill="#38bdf8"/>
  <!-- a magnifier over the payload: debugging the token -->
  <circle cx="60" cy="80" r="20" fill="none" stroke="#ff9900" stroke-width="8"/>
  <line x1="75" y1="95" x2="96" y2="116" stroke="#ff9900" stroke-width="10" stroke-linecap="round"/>
  <path d="M50 80 h20 M60 70 v20" stroke="#e5e7eb" stroke-width="5" stroke-linecap="round"/>
</svg>`;

const browser = await chromium.launch(launchOptions('.artifacts/chromium'));
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.screenshot({ path: 'media/icon.png', omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
  console.log('wrote media/icon.png');
} finally {
  await browser.close();
}
