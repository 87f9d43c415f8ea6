import { describe, expect, it } from 'vitest';
import { clientFromEnv, serverUrl } from './client.js';

describe('serverUrl', () => {
  it('AEGIS_URL wins, else AEGIS_HOST/AEGIS_PORT, else 127.0.0.1:9100', () => {
    expect(serverUrl({})).toBe('http://127.0.0.1:9100');
    expect(serverUrl({ AEGIS_URL: 'http://x:1/' })).toBe('http://x:1');
    expect(serverUrl({ AEGIS_HOST: 'h', AEGIS_PORT: '42' })).toBe('http://h:42');
    expect(serverUrl({ AEGIS_HOST: '::1' })).toBe('http://[::1]:9100');
    expect(clientFromEnv({ AEGIS_PORT: '7' }).url).toBe('http://127.0.0.1:7');
  });
});
