-- Client-Cert-Chain for HAProxy: ssl_c_chain_der is the client's intermediates as concatenated
-- DER; split it into certificates and encode each as an RFC 8941 byte sequence (:base64:).
-- Returns "" (never nil, which HAProxy would turn into the string "0") when there is no chain.

local function der_length(data, pos)
  -- pos points at the length octets of a DER element; returns content length and header size.
  local first = data:byte(pos)
  if first == nil then return nil end
  if first < 0x80 then return first, 1 end
  local count = first - 0x80
  if count < 1 or count > 4 then return nil end
  local len = 0
  for i = 1, count do
    local b = data:byte(pos + i)
    if b == nil then return nil end
    len = len * 256 + b
  end
  return len, 1 + count
end

core.register_fetches("client_cert_chain", function(txn)
  local chain = txn.f:ssl_c_chain_der()
  if chain == nil or #chain == 0 then return "" end
  local members = {}
  local pos = 1
  while pos <= #chain do
    if chain:byte(pos) ~= 0x30 then return "" end -- not a certificate: send no chain at all
    local len, header = der_length(chain, pos + 1)
    if len == nil then return "" end
    local stop = pos + 1 + header + len - 1
    if stop > #chain then return "" end
    members[#members + 1] = ":" .. txn.c:base64(chain:sub(pos, stop)) .. ":"
    pos = stop + 1
  end
  return table.concat(members, ", ")
end)
