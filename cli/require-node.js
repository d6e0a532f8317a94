// Runs before any TypeScript entry point (node --import, or the pretest script): dafaa runs its
// TypeScript on Node's own type stripping, which Node 22.18 and 23.6 turned on. Plain JavaScript, so
// that an older Node reads it and says so in one line instead of failing on the first `.ts` file.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const stripsTypes = major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);
if (!stripsTypes) {
  console.error(
    `dafaa needs Node.js 22.18 or later and found ${process.version}: run npm install (on Linux it puts Node 24 in node_modules/.bin), or install Node 24.`,
  );
  process.exit(1);
}
