import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import packageJson from '../../../package.json' with { type: 'json' };

/**
 * The scripts run on the Node the Lambdas run (nodejs24.x): where the registry has a Node 24 package
 * for this platform, npm installed it as an optional dependency and put it first on the PATH.
 */
const nodePackage = `node-${process.platform}-${process.arch}`;

describe('the Node every npm script runs on', () => {
  it('is Node 24, the Lambda runtime, where a package for this platform exists', () => {
    const onPath = execFileSync('node', ['--version'], { encoding: 'utf8' }).trim();

    if (nodePackage in packageJson.optionalDependencies) {
      expect(onPath).toMatch(/^v24\./);
    } else {
      const [major = 0, minor = 0] = onPath.slice(1).split('.').map(Number);
      expect(major > 22 || (major === 22 && minor >= 18)).toBe(true);
    }
    expect(process.version).toBe(onPath);
  });
});
