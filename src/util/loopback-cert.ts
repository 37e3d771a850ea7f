/**
 * A self-signed certificate for a server on loopback (the emulator's HTTPS, the tests' SMTP server):
 * valid for localhost and 127.0.0.1, and its own CA, so a client trusts it by naming it as the CA.
 */
import { generate } from "selfsigned";

export async function loopbackCertificate(commonName: string): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: "commonName", value: commonName }], {
    keySize: 2048,
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
