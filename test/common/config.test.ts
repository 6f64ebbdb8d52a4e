import { ConfigError, loadConfig } from '../../platform/config';

describe('configuration from the environment', () => {
  test('defaults give the embedded platform: SQLite under ./data, sample data, gateway on 4000', () => {
    const config = loadConfig({});
    expect(config.database.kind).toBe('sqlite');
    expect(config.sampleData).toBe(true);
    expect(config.gatewayPort).toBe(4000);
    expect(config.urls.content).toBe('http://127.0.0.1:4004/graphql');
  });

  test('DATABASE_URL selects MySQL/MariaDB with one database per subgraph and no sample data unless asked', () => {
    const config = loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/mpi' });
    expect(config.database.kind).toBe('mysql');
    expect(config.sampleData).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/mpi', SAMPLE_DATA: 'true' }).sampleData).toBe(true);
  });

  test('every bad value is named in one message', () => {
    let error: unknown;
    try {
      loadConfig({ GATEWAY_PORT: 'eighty', DATABASE_URL: 'postgres://x/y', SAMPLE_DATA: 'maybe', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/GATEWAY_PORT="eighty" must be a TCP port/);
    expect(problems).toMatch(/DATABASE_URL must use the mysql:\/\/ scheme/);
    expect(problems).toMatch(/SAMPLE_DATA="maybe" must be true or false/);
    expect(problems).toMatch(/LOG_LEVEL="loud" is not one of/);
  });

  test('issue 12: SUBGRAPH_TIMEOUT_MS bounds every subgraph, <NAME>_TIMEOUT_MS one of them; the breaker is configurable', () => {
    const defaults = loadConfig({});
    expect(defaults.subgraphTimeoutMs).toEqual({
      organisation: 10_000,
      access: 10_000,
      lifecycle: 10_000,
      content: 10_000,
    });
    expect(defaults.breaker).toEqual({ failures: 5, coolDownMs: 3000 });
    const set = loadConfig({
      SUBGRAPH_TIMEOUT_MS: '2000',
      CONTENT_TIMEOUT_MS: '5000',
      SUBGRAPH_BREAKER_FAILURES: '3',
      SUBGRAPH_BREAKER_COOL_DOWN_MS: '30000',
    });
    expect(set.subgraphTimeoutMs).toEqual({ organisation: 2000, access: 2000, lifecycle: 2000, content: 5000 });
    expect(set.breaker).toEqual({ failures: 3, coolDownMs: 30_000 });
    expect(() => loadConfig({ SUBGRAPH_TIMEOUT_MS: 'soon' })).toThrow(
      /SUBGRAPH_TIMEOUT_MS="soon" must be a whole number/,
    );
    expect(() => loadConfig({ SUBGRAPH_BREAKER_FAILURES: '0' })).toThrow(
      /SUBGRAPH_BREAKER_FAILURES="0" must be a whole number from 1/,
    );
  });

  test('issue 14: FIELD_USAGE_FLUSH_INTERVAL_MS: how often a gateway sends its field usage (10 s by default)', () => {
    expect(loadConfig({}).fieldUsageFlushMs).toBe(10_000);
    expect(loadConfig({ FIELD_USAGE_FLUSH_INTERVAL_MS: '60000' }).fieldUsageFlushMs).toBe(60_000);
    const tooOften = /FIELD_USAGE_FLUSH_INTERVAL_MS="0" must be a whole number from 100/;
    expect(() => loadConfig({ FIELD_USAGE_FLUSH_INTERVAL_MS: '0' })).toThrow(tooOften);
  });

  test('PLATFORM_PROCESSES: npm start uses two processes (subgraphs, gateway) unless told to use one', () => {
    expect(loadConfig({}).processes).toBe(2);
    expect(loadConfig({ PLATFORM_PROCESSES: '1' }).processes).toBe(1);
    expect(() => loadConfig({ PLATFORM_PROCESSES: '4' })).toThrow(/PLATFORM_PROCESSES="4" is not one of: 1, 2/);
  });

  test('CORS_ORIGINS takes exact origins and names a bad one; RESPONSE_CACHE is on unless turned off', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://www.krakow.pl, https://bip.krakow.pl:8443' }).corsOrigins).toEqual([
      'https://www.krakow.pl',
      'https://bip.krakow.pl:8443',
    ]);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://www.krakow.pl/' })).toThrow(
      /CORS_ORIGINS: "https:\/\/www.krakow.pl\/" is not an origin/,
    );
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/is not an origin/);
    expect(loadConfig({}).responseCache).toBe(true);
    expect(loadConfig({ RESPONSE_CACHE: 'off' }).responseCache).toBe(false);
    expect(() => loadConfig({ RESPONSE_CACHE: 'maybe' })).toThrow(/RESPONSE_CACHE="maybe" is not one of: on, off/);
  });

  test("production refuses to start without Sezam's JWKS address and the subgraphs' shared secret", () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /JWT_JWKS_URL is required[\s\S]*INTERNAL_SECRET is required/,
    );
    expect(() => loadConfig({ INTERNAL_SECRET: 'short' })).toThrow(/INTERNAL_SECRET must be at least 32 characters/);
    const production = {
      NODE_ENV: 'production',
      JWT_JWKS_URL: 'https://sezam.example/jwks.json',
      INTERNAL_SECRET: 'x'.repeat(40),
    };
    expect(() => loadConfig(production)).toThrow(/RESPONSE_CACHE=on needs REDIS_URL/);
    expect(loadConfig({ ...production, RESPONSE_CACHE: 'off' }).responseCache).toBe(false);
    const config = loadConfig({ ...production, REDIS_URL: 'redis://cache.mpi.local:6379' });
    expect(config.jwt.jwksUrl?.host).toBe('sezam.example');
  });

  test('issue 14: GRAPHQL_IDE is on in development and test, off in production unless turned on; other values are refused', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_JWKS_URL: 'https://sezam.example/jwks.json',
      INTERNAL_SECRET: 'x'.repeat(40),
      RESPONSE_CACHE: 'off',
    };
    expect(loadConfig({}).graphqlIde).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).graphqlIde).toBe(true);
    expect(loadConfig({ GRAPHQL_IDE: 'off' }).graphqlIde).toBe(false);
    expect(loadConfig(production).graphqlIde).toBe(false);
    expect(loadConfig({ ...production, GRAPHQL_IDE: 'on' }).graphqlIde).toBe(true);
    expect(() => loadConfig({ GRAPHQL_IDE: 'yes' })).toThrow(/GRAPHQL_IDE="yes" is not one of: on, off/);
  });
});
