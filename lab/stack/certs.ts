// A private CA, the API server's serving certificate, an admin client certificate and
// the service-account signing key, made with the openssl CLI (Node has no X.509 writer).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './processes.js';

export interface KubeCerts {
  ca: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  adminCert: string;
  adminKey: string;
  saKey: string;
  saPub: string;
}

export async function makeCerts(dir: string): Promise<KubeCerts> {
  const p = (f: string) => join(dir, f);
  const c: KubeCerts = {
    ca: p('ca.crt'),
    caKey: p('ca.key'),
    serverCert: p('apiserver.crt'),
    serverKey: p('apiserver.key'),
    adminCert: p('admin.crt'),
    adminKey: p('admin.key'),
    saKey: p('sa.key'),
    saPub: p('sa.pub'),
  };
  if (existsSync(c.adminCert)) return c;
  const ossl = (...args: string[]) => run('openssl', args);
  await ossl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-subj', '/CN=netintent-testbed-ca',
    '-keyout', c.caKey, '-out', c.ca);
  const sign = async (name: string, subj: string, key: string, cert: string, ext?: string) => {
    const csr = p(`${name}.csr`);
    await ossl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', subj, '-keyout', key, '-out', csr);
    const args = ['x509', '-req', '-in', csr, '-CA', c.ca, '-CAkey', c.caKey, '-CAcreateserial', '-days', '3650', '-out', cert];
    if (ext) {
      writeFileSync(p(`${name}.ext`), ext);
      args.push('-extfile', p(`${name}.ext`));
    }
    await ossl(...args);
  };
  await sign('apiserver', '/CN=kube-apiserver', c.serverKey, c.serverCert,
    'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n');
  await sign('admin', '/O=system:masters/CN=netintent-admin', c.adminKey, c.adminCert, 'extendedKeyUsage=clientAuth\n');
  await ossl('genrsa', '-out', c.saKey, '2048');
  await ossl('rsa', '-in', c.saKey, '-pubout', '-out', c.saPub);
  return c;
}
