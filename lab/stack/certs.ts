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
  await newCA(c.ca, c.caKey, 'netintent-testbed-ca');
  const sign = (name: string, subj: string, key: string, cert: string, ext: string) => signCert({ ca: c.ca, caKey: c.caKey, subj, key, cert, work: p(name), ext });
  await sign('apiserver', '/CN=kube-apiserver', c.serverKey, c.serverCert,
    'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n');
  await sign('admin', '/O=system:masters/CN=netintent-admin', c.adminKey, c.adminCert, 'extendedKeyUsage=clientAuth\n');
  const ossl = (...args: string[]) => run('openssl', args);
  await ossl('genrsa', '-out', c.saKey, '2048');
  await ossl('rsa', '-in', c.saKey, '-pubout', '-out', c.saPub);
  return c;
}

/** A self-signed CA certificate and key. */
export async function newCA(cert: string, key: string, cn: string) {
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-subj', `/CN=${cn}`, '-keyout', key, '-out', cert]);
}

/** A key and a certificate for it signed by the CA; `work` prefixes the CSR and extension files. */
export async function signCert(o: { ca: string; caKey: string; subj: string; key: string; cert: string; work: string; ext: string }) {
  const ossl = (...args: string[]) => run('openssl', args);
  await ossl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', o.subj, '-keyout', o.key, '-out', `${o.work}.csr`);
  writeFileSync(`${o.work}.ext`, o.ext);
  await ossl('x509', '-req', '-in', `${o.work}.csr`, '-CA', o.ca, '-CAkey', o.caKey, '-CAcreateserial', '-days', '3650', '-out', o.cert, '-extfile', `${o.work}.ext`);
}
