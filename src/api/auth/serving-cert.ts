// HTTPS for the API (kube-apiserver's --tls-cert-file and --tls-private-key-file).
// kubectl and client-go send a bearer token only over TLS, so a server with a
// token file needs a certificate for kubectl to authenticate at all.
import { readTextFile } from '../../platform/files.js';

export interface ServingCertOptions {
  /** PEM certificate (chain) to serve HTTPS with. */
  tlsCertFile?: string;
  /** PEM private key of that certificate. */
  tlsPrivateKeyFile?: string;
}

export async function loadServingCert(o: ServingCertOptions): Promise<{ cert: string; key: string } | undefined> {
  if (o.tlsCertFile === undefined && o.tlsPrivateKeyFile === undefined) return undefined;
  if (o.tlsCertFile === undefined || o.tlsPrivateKeyFile === undefined) throw new Error('--tls-cert-file and --tls-private-key-file go together');
  const read = async (path: string, what: string, marker: RegExp) => {
    let text: string;
    try { text = await readTextFile(path); } catch (err) { throw new Error(`cannot read the TLS ${what} ${path}: ${(err as Error).message}`); }
    if (!marker.test(text)) throw new Error(`${path} holds no PEM ${what}`);
    return text;
  };
  return {
    cert: await read(o.tlsCertFile, 'certificate', /-----BEGIN CERTIFICATE-----/),
    key: await read(o.tlsPrivateKeyFile, 'private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/),
  };
}
