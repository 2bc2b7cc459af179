// Lighthouse on several URLs with one Node process and one Chromium (bench/lighthouse.py's run_many).
// argv: <node_modules dir> <job JSON file>; the job is {urls, preset, categories, chromePath, chromeFlags, out}.
// Each URL's report (Lighthouse's JSON result) is written to <out>/<index>.json.
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';

const [modules, jobFile] = process.argv.slice(2);
const job = JSON.parse(readFileSync(jobFile, 'utf8'));
const load = (path) => import(pathToFileURL(join(modules, path)).href);
const lighthouse = (await load('lighthouse/core/index.js')).default;
const chromeLauncher = await load('chrome-launcher/dist/index.js');
const config = job.preset === 'desktop'
  ? (await load('lighthouse/core/config/desktop-config.js')).default : undefined;

const chrome = await chromeLauncher.launch({chromePath: job.chromePath, chromeFlags: job.chromeFlags});
try {
  for (const [index, url] of job.urls.entries()) {
    const result = await lighthouse(url, {
      port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: job.categories,
      disableFullPageScreenshot: true, maxWaitForLoad: 60000,
    }, config);
    writeFileSync(join(job.out, `${index}.json`), result.report);
  }
} finally {
  await chrome.kill();
}
