import crypto from 'node:crypto';
import type { CliContribution } from '../../../core/module.js';
import { createVendor } from './device-commands.js';
import { sign } from './signing.js';

/** The demo street's care-device vendor (demo data only: a real vendor's key comes from `linli devices vendor`). */
export const DEMO_VENDOR = { keyId: '350102001.demo-guanhutong', secret: 'linli-demo-vendor-secret-0001' } as const;
export const DEMO_SOS_SERIAL = 'GHT-SOS-0001';

/** Sends one signed request as a vendor would; answers the status and the body. */
export async function sendSigned(url: string, key: string, secret: string, body: object) {
  const raw = JSON.stringify(body);
  const ts = String(Math.floor(Date.now() / 1000));
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-linli-key': key,
      'x-linli-timestamp': ts,
      'x-linli-signature': sign(secret, ts, raw),
    },
    body: raw,
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

/** `linli devices vendor` (a vendor's key for a street) and `linli devices simulate` (signed alarms for demos and tests). */
export const devicesCli: CliContribution = (program, { withDatabase, keyring, say, digits }) => {
  const devices = program.command('devices').description('关护通设备 / care devices');
  devices
    .command('vendor')
    .description('为设备厂商生成签名密钥（密钥只显示一次）/ a vendor key for a street (the secret is shown once)')
    .requiredOption('--street <code>', 'the street (9 digits)', digits(9))
    .requiredOption('--name <name>', 'the vendor')
    .action(async (opts: { street: string; name: string }) => {
      await withDatabase(async ({ db }) => {
        const v = await createVendor(db, keyring(), opts.street, opts.name);
        say(`key id: ${v.keyId}`);
        say(`secret: ${v.secret}`);
      });
    });
  devices
    .command('simulate')
    .description(
      '以厂商身份发送签名告警（默认：演示街道的一键呼叫）/ send signed alarms as a vendor (default: the demo SOS button)',
    )
    .option('--url <url>', 'the server', `http://localhost:${process.env.PORT ?? 3000}`)
    .option('--key <id>', 'the vendor key id', DEMO_VENDOR.keyId)
    .option('--secret <secret>', 'the vendor secret', DEMO_VENDOR.secret)
    .option('--serial <serial>', 'the device serial', DEMO_SOS_SERIAL)
    .option('--kind <kind>', 'sos | smoke | gas | water | door | fall | heart_rate', 'sos')
    .option('--count <n>', 'how many alarms (repeats within 10 minutes attach)', '1')
    .option('--heartbeat', 'send a heartbeat instead of an alarm')
    .action(
      async (o: {
        url: string;
        key: string;
        secret: string;
        serial: string;
        kind: string;
        count: string;
        heartbeat?: boolean;
      }) => {
        const base = o.url.replace(/\/$/, '');
        for (let i = 0; i < Math.max(1, Number(o.count) || 1); i++) {
          const at = new Date().toISOString();
          const r = o.heartbeat
            ? await sendSigned(`${base}/api/care/vendor/heartbeats`, o.key, o.secret, { serial: o.serial, at })
            : await sendSigned(`${base}/api/care/vendor/alarms`, o.key, o.secret, {
                serial: o.serial,
                alarmId: `sim-${crypto.randomUUID()}`,
                kind: o.kind,
                at,
              });
          say(`${r.status} ${JSON.stringify(r.body)}`);
          if (r.status >= 400) process.exitCode = 1;
        }
      },
    );
};
