import { maskPhone } from './pii/index.js';

/**
 * Sends a text message. The default development adapter writes the message to the server log;
 * a deployment plugs in its carrier's adapter (阿里云短信, 腾讯云短信 …) by implementing this.
 */
export type SmsSender = {
  readonly name: string;
  send(phone: string, text: string): Promise<void>;
};

type Logger = { info(obj: object, msg: string): void };

/**
 * Writes each message to the log instead of sending it: for development and the demo. The phone
 * is masked; the message (with its one-time code) is logged only in demo mode, where there is no
 * real phone to receive it — elsewhere its digits are hidden, so the log never holds a live code.
 */
export function logSmsSender(log: Logger, opts: { demo?: boolean } = {}): SmsSender {
  return {
    name: 'log',
    send(phone, raw) {
      const to = maskPhone(phone);
      const text = opts.demo ? raw : raw.replace(/\d/g, '*');
      log.info({ sms: { to, text } }, `SMS to ${to}: ${text}`);
      return Promise.resolve();
    },
  };
}
