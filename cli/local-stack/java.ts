import { spawnSync } from 'node:child_process';
import { JavaMissingError } from './errors.ts';

const MINIMUM_JAVA = 17;
const HOW_TO_INSTALL =
  'install a Java 17+ runtime (Debian/Ubuntu: apt-get install openjdk-17-jre-headless; macOS: brew install openjdk@17) and put java on the PATH';

/** Checks that `java` runs and is recent enough for DynamoDB Local, or says how to get it. */
export function assertJavaAvailable(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new JavaMissingError(
      `DynamoDB Local needs Java ${MINIMUM_JAVA}+ and no java was found: ${HOW_TO_INSTALL}`,
    );
  }
  const major = javaMajorVersion(`${result.stderr}${result.stdout}`);
  if (major !== null && major < MINIMUM_JAVA) {
    throw new JavaMissingError(
      `DynamoDB Local needs Java ${MINIMUM_JAVA}+ but java is version ${major}: ${HOW_TO_INSTALL}`,
    );
  }
}

/** `openjdk version "17.0.15"` -> 17; `java version "1.8.0_392"` -> 8. */
export function javaMajorVersion(versionOutput: string): number | null {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return null;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}
