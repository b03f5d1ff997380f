-- Where the server binary comes from: `vim.g.codemode_server_path`, then
-- `$CODEMODE_SERVER_PATH`, then `codemode` on `PATH`.
local M = {}

---@class codemode.Found
---@field path string
---@field source 'vim.g.codemode_server_path'|'$CODEMODE_SERVER_PATH'|'PATH'

---@return codemode.Found? found, string? error
function M.find()
  local setting = vim.g.codemode_server_path
  if type(setting) == 'string' and vim.trim(setting) ~= '' then
    local path = vim.fn.expand(vim.trim(setting))
    if vim.fn.executable(path) == 1 then
      return { path = vim.fn.fnamemodify(path, ':p'), source = 'vim.g.codemode_server_path' }
    end
    return nil, ('codemode: vim.g.codemode_server_path = %s is not an executable file'):format(path)
  end
  local env = vim.env.CODEMODE_SERVER_PATH
  if env and vim.trim(env) ~= '' then
    if vim.fn.executable(env) == 1 then
      return { path = env, source = '$CODEMODE_SERVER_PATH' }
    end
    return nil, ('codemode: $CODEMODE_SERVER_PATH = %s is not an executable file'):format(env)
  end
  local on_path = vim.fn.exepath('codemode')
  if on_path ~= '' then
    return { path = on_path, source = 'PATH' }
  end
  return nil,
    'codemode: no server binary found (tried vim.g.codemode_server_path, $CODEMODE_SERVER_PATH, PATH). '
      .. 'Install codemode or set vim.g.codemode_server_path.'
end

--- The command line of `codemode <args...> <subcommand>`.
---@param subcommand string `lsp` or `mcp`
---@return string[]? cmd, string? error
function M.cmd(subcommand)
  local found, err = M.find()
  if not found then
    return nil, err
  end
  local cmd = { found.path }
  vim.list_extend(cmd, vim.g.codemode_server_args or {})
  table.insert(cmd, subcommand)
  return cmd
end

return M
