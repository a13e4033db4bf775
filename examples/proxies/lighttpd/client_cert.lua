-- lighttpd 1.4 mod_magnet: the client certificate as an RFC 9440 Client-Cert field.
-- Needs ssl.verifyclient.exportcert = "enable" (SSL_CLIENT_CERT holds the PEM then).
local r = lighty.r

-- SECURITY: never pass on fields a client wrote itself.
r.req_header["Client-Cert"] = nil
r.req_header["Client-Cert-Chain"] = nil

-- lighttpd exports a certificate only when it verified it against ssl.ca-file. For one it could
-- not verify (expired, unknown CA) it sets SSL_CLIENT_VERIFY to "FAILED:…" and exports nothing:
-- refuse the request instead of letting it through anonymously.
local verify = r.req_env["SSL_CLIENT_VERIFY"]
if verify ~= nil and verify:sub(1, 6) == "FAILED" then
  return 403
end

local pem = r.req_env["SSL_CLIENT_CERT"]
if pem ~= nil and pem ~= "" then
  -- Drop the armour lines and every line break: what remains is the base64 of the DER.
  local b64 = pem:gsub("%-%-%-%-%-[A-Z ]+%-%-%-%-%-", ""):gsub("%s", "")
  r.req_header["Client-Cert"] = ":" .. b64 .. ":"
end
-- lighttpd exports the leaf only: give the app its intermediates (`intermediates` option).
return 0
