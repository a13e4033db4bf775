-- lighttpd mod_magnet: the client certificate as an RFC 9440 Client-Cert field.
local r = lighty.r
-- SECURITY: never pass on fields a client wrote itself.
r.req_header["Client-Cert"] = nil
r.req_header["Client-Cert-Chain"] = nil
local pem = r.req_env["SSL_CLIENT_CERT"]
if pem ~= nil and pem ~= "" then
  -- Drop the armour and every line break: what remains is the base64 of the DER.
  local b64 = pem:gsub("%-%-%-%-%-[A-Z ]+%-%-%-%-%-", ""):gsub("%s", "")
  r.req_header["Client-Cert"] = ":" .. b64 .. ":"
end
-- lighttpd exports the leaf only: give the app its intermediates (`intermediates` option).
return 0
