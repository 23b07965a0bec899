import { join } from 'node:path';
import { ConfigurationError, loadConfig } from '../../../src/infrastructure/config/app-config';

describe('configuration from the environment', () => {
  it('defaults to the embedded SQLite store in ./data, power-loss safe, on 127.0.0.1:3000', () => {
    expect(loadConfig({}, '/srv/sepakat')).toEqual({
      eventStore: { kind: 'sqlite', filename: join('/srv/sepakat/data', 'events.db'), synchronous: 'full' },
      dataDir: '/srv/sepakat/data',
      http: { host: '127.0.0.1', port: 3000 },
      logLevel: 'log',
    });
  });

  it('takes what is set, treating empty values as unset', () => {
    const config = loadConfig(
      { EVENT_STORE: 'memory', DATA_DIR: '/var/lib/sepakat', PORT: '8080', HOST: '0.0.0.0', LOG_LEVEL: '', SQLITE_SYNCHRONOUS: 'normal' },
      '/srv',
    );

    expect(config).toMatchObject({ eventStore: { kind: 'memory' }, dataDir: '/var/lib/sepakat', http: { host: '0.0.0.0', port: 8080 } });
    expect(loadConfig({ SQLITE_SYNCHRONOUS: 'normal' }).eventStore).toMatchObject({ synchronous: 'normal' });
  });

  it('refuses bad values with one clear line per variable', () => {
    const attempt = () => loadConfig({ EVENT_STORE: 'postgres', PORT: '70000', SQLITE_SYNCHRONOUS: 'off' });

    expect(attempt).toThrow(ConfigurationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigurationError).problems).toEqual([
        'EVENT_STORE must be one of sqlite, memory (got "postgres")',
        'PORT must be a whole number from 0 to 65535 (got "70000")',
        expect.stringMatching(/^SQLITE_SYNCHRONOUS must be full .* \(got "off"\)$/),
      ]);
    }
    expect(() => loadConfig({ PORT: '80abc' })).toThrow('PORT must be a whole number from 0 to 65535 (got "80abc")');
  });
});
