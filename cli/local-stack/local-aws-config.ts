/**
 * Client settings for the local servers: a loopback endpoint, a fixed region and dummy credentials,
 * so that no real AWS account, profile or network is ever touched.
 */
export function localAwsClientConfig(endpoint: string) {
  return {
    endpoint,
    region: 'me-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  };
}
