import { startFauxqs } from 'fauxqs';

// The local SQS API in a Node process of its own (local-sqs.ts starts it): fauxqs answers about
// three times as many calls a second there as beside the notifier in one event loop. It listens on
// a free loopback port, says which on its first line, and ends when its parent goes: the parent
// holds the other end of stdin, which closes however the parent ends (even SIGKILL).
const server = await startFauxqs({ host: '127.0.0.1', port: 0, logger: false });
process.stdout.write(`fauxqs-port ${server.port}\n`);
process.stdin.on('data', () => undefined);
process.stdin.on('end', () => process.exit(0));
process.on('SIGTERM', () => {
  void server.stop().finally(() => process.exit(0));
});
