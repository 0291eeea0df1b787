// Runs the enduse CLI in this process and, at exit, writes its peak resident memory to stderr
// ("peak-rss-kb N"), so tests can bound the memory a command used on hostile input.
import { writeSync } from 'node:fs';

process.on('exit', () => writeSync(2, `\npeak-rss-kb ${process.resourceUsage().maxRSS}\n`));
await import('../../bin/enduse.js');
