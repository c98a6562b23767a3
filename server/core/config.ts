import path from 'node:path';
import { z } from 'zod';
import type { BaseMap } from '../../contracts/regions.js';

/** Settings read from the environment; every variable is documented in README.md. */
const envSchema = z.object({
  /** TCP port of the HTTP server. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on; `localhost` answers on 127.0.0.1 and ::1. */
  HOST: z.string().min(1).default('localhost'),
  /** A PostgreSQL connection string; when unset, embedded PGlite is used. */
  DATABASE_URL: z.string().min(1).optional(),
  /**
   * The owner's connection string (PostgreSQL/Citus): migrations run as this role, which then
   * grants the role of DATABASE_URL only row access (audit log: read and append).
   */
  DATABASE_OWNER_URL: z.string().min(1).optional(),
  /** Where PGlite keeps its files (and later uploads and keys). */
  LINLI_DATA_DIR: z.string().min(1).default('./data'),
  /** `0` turns off loading the demo street into an empty database at start. */
  LINLI_DEMO: z.enum(['0', '1']).default('1'),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Size of the PostgreSQL connection pool (PGlite always has one connection). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Password of every demo account. */
  LINLI_DEMO_PASSWORD: z.string().min(8).default('Linli@2026'),
  /** The Open311 API key the demo street accepts. */
  LINLI_DEMO_API_KEY: z.string().min(8).default('linli-demo-open311-key'),
  /** Minutes of inactivity after which a session ends. */
  LINLI_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** Hours after sign-in after which a session ends, active or not. */
  LINLI_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /**
   * Proxies whose X-Forwarded-For / -Proto to believe: unset or `0` none (the default), a number
   * of hops, or comma-separated addresses / CIDR ranges (e.g. `127.0.0.1,10.0.0.0/8`).
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(\d{1,2}|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/, 'a hop count or comma-separated addresses')
    .optional(),
  /** Shared secret of `POST /api/device-alarms` (at least 16 characters); unset turns device alarms off. */
  LINLI_DEVICE_SECRET: z.string().min(16).optional(),
  /** 天地图's browser key (tianditu.gov.cn): the maps draw over its vector tiles and labels (WGS-84/CGCS2000). */
  LINLI_TIANDITU_KEY: z
    .string()
    .regex(/^[0-9a-zA-Z]{8,64}$/, 'a 天地图 key (letters and digits)')
    .optional(),
  /** Any XYZ tile source instead ({z}/{x}/{y}, optionally {s}), e.g. an office's own tile server. */
  LINLI_MAP_TILES: z
    .string()
    .refine(
      (u) => /^https?:\/\//.test(u) && ['{z}', '{x}', '{y}'].every((p) => u.includes(p)),
      'an http(s) URL with {z}, {x} and {y}',
    )
    .optional(),
  /** The coordinate system of LINLI_MAP_TILES: `wgs84` (天地图, OpenStreetMap) or `gcj02` (高德, 腾讯). */
  LINLI_MAP_CRS: z.enum(['wgs84', 'gcj02']).default('wgs84'),
  /** Subdomains for {s} in LINLI_MAP_TILES, comma-separated (e.g. `1,2,3,4`). */
  LINLI_MAP_SUBDOMAINS: z.string().optional(),
  /** The tile source's attribution (shown in the map's corner). */
  LINLI_MAP_ATTRIBUTION: z.string().max(200).optional(),
  /** Failed sign-ins in a row that lock an account. */
  LINLI_LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  /** Minutes an account stays locked. */
  LINLI_LOCKOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  databaseOwnerUrl: string | undefined;
  dataDir: string;
  loadDemo: boolean;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  poolSize: number;
  demoPassword: string;
  demoApiKey: string;
  trustProxy: false | number | string[];
  deviceSecret: string | undefined;
  baseMap: BaseMap;
  auth: AuthConfig;
};

export type AuthConfig = {
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
};

/** Reads and checks the environment once; a bad value stops start-up with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseOwnerUrl: e.DATABASE_OWNER_URL,
    dataDir: path.resolve(e.LINLI_DATA_DIR),
    loadDemo: e.LINLI_DEMO === '1',
    logLevel: e.LOG_LEVEL,
    poolSize: e.DATABASE_POOL_SIZE,
    demoPassword: e.LINLI_DEMO_PASSWORD,
    demoApiKey: e.LINLI_DEMO_API_KEY,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    deviceSecret: e.LINLI_DEVICE_SECRET,
    baseMap: baseMapOf(e),
    auth: {
      sessionIdleMinutes: e.LINLI_SESSION_IDLE_MINUTES,
      sessionMaxHours: e.LINLI_SESSION_MAX_HOURS,
      lockoutThreshold: e.LINLI_LOCKOUT_THRESHOLD,
      lockoutMinutes: e.LINLI_LOCKOUT_MINUTES,
    },
  };
}

/**
 * The base map the web draws under grids and points: 天地图 (vector map and its labels, Web Mercator
 * tiles, CGCS2000 ≈ WGS-84) with a key, else the configured XYZ source, else none (a plain drawing).
 */
function baseMapOf(e: z.infer<typeof envSchema>): BaseMap {
  if (e.LINLI_TIANDITU_KEY) {
    const layer = (name: 'vec' | 'cva') =>
      `https://t{s}.tianditu.gov.cn/${name}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${name}` +
      `&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${e.LINLI_TIANDITU_KEY}`;
    const common = { subdomains: ['0', '1', '2', '3', '4', '5', '6', '7'], maxZoom: 18 };
    return {
      crs: 'wgs84',
      layers: [
        { url: layer('vec'), attribution: '天地图 · 国家地理信息公共服务平台', ...common },
        { url: layer('cva'), attribution: '', ...common },
      ],
    };
  }
  if (e.LINLI_MAP_TILES) {
    return {
      crs: e.LINLI_MAP_CRS,
      layers: [
        {
          url: e.LINLI_MAP_TILES,
          subdomains:
            e.LINLI_MAP_SUBDOMAINS?.split(',')
              .map((x) => x.trim())
              .filter(Boolean) ?? [],
          attribution: e.LINLI_MAP_ATTRIBUTION ?? '',
          maxZoom: 19,
        },
      ],
    };
  }
  return { crs: 'wgs84', layers: [] };
}

/** `TRUST_PROXY`: none, a hop count, or a list of addresses. */
export function parseTrustProxy(value: string | undefined): false | number | string[] {
  if (value === undefined || value === '' || value === '0') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((v) => v.trim());
}
