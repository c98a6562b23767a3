/**
 * Sends a text message. The default development adapter writes the message to the server log;
 * a deployment plugs in its carrier's adapter (阿里云短信, 腾讯云短信 …) by implementing this.
 */
export type SmsSender = {
  readonly name: string;
  send(phone: string, text: string): Promise<void>;
};

type Logger = { info(obj: object, msg: string): void };

/** Writes each message to the log instead of sending it: for development and the demo. */
export function logSmsSender(log: Logger): SmsSender {
  return {
    name: 'log',
    send(phone, text) {
      log.info({ sms: { to: phone, text } }, `SMS to ${phone}: ${text}`);
      return Promise.resolve();
    },
  };
}
