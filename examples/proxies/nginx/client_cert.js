// njs: the RFC 9440 Client-Cert value (:base64 DER:) of the client certificate, or "".
function rfc9440(r) {
  var pem = r.variables.ssl_client_raw_cert;
  if (!pem) return '';
  var b64 = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return ':' + b64 + ':';
}

export default { rfc9440 };
