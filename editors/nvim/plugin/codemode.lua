-- codemode: `:Codemode run|fix|tests|output|restart|cancel`, and the language server enabled for
-- Python, JavaScript, TypeScript and Markdown buffers when its binary is found. No setup()
-- needed; options are `vim.g.codemode_*` (`:help codemode-options`).
if vim.g.loaded_codemode then
  return
end
vim.g.loaded_codemode = true

if vim.fn.has('nvim-0.11') == 0 then
  vim.notify('codemode needs Neovim 0.11 or later', vim.log.levels.WARN)
  return
end

vim.api.nvim_create_user_command('Codemode', function(opts)
  local name = opts.fargs[1] or 'run'
  local sub = require('codemode').subcommands[name]
  if not sub then
    vim.notify(('codemode: unknown subcommand %q (run, fix, tests, output, restart, cancel)'):format(name),
      vim.log.levels.ERROR)
    return
  end
  sub({ line1 = opts.range > 0 and opts.line1 or nil, line2 = opts.range > 0 and opts.line2 or nil })
end, {
  nargs = '?',
  range = true,
  desc = 'codemode: run in sandbox, fix with AI, generate tests, output, restart',
  complete = function(lead)
    return vim.tbl_filter(function(s)
      return vim.startswith(s, lead)
    end, { 'run', 'fix', 'tests', 'output', 'restart', 'cancel' })
  end,
})

local group = vim.api.nvim_create_augroup('codemode', { clear = true })

vim.api.nvim_create_autocmd('LspAttach', {
  group = group,
  callback = function(args)
    local client = vim.lsp.get_client_by_id(args.data.client_id)
    if not client or client.name ~= 'codemode' then
      return
    end
    require('codemode').watch_buffer(args.buf)
    if vim.g.codemode_codelens ~= false then
      vim.lsp.codelens.refresh({ bufnr = args.buf })
      -- Not on every change: finding the snippets parses the whole buffer in the server.
      vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave', 'CursorHold' }, {
        group = vim.api.nvim_create_augroup('codemode.codelens.' .. args.buf, { clear = true }),
        buffer = args.buf,
        callback = function()
          vim.lsp.codelens.refresh({ bufnr = args.buf })
        end,
      })
    end
  end,
})

-- Progress of runs and of the AI commands ($/progress: "Auto-fix with AI: round 2/3 · 840
-- tokens · …") in the message area. The same reports reach `vim.lsp.status()` (statuslines)
-- and progress plugins such as fidget.nvim through Neovim's own LSP progress.
vim.api.nvim_create_autocmd('LspProgress', {
  group = group,
  callback = function(args)
    if vim.g.codemode_progress == false then
      return
    end
    local client = vim.lsp.get_client_by_id(args.data.client_id)
    local value = args.data.params and args.data.params.value
    if not client or client.name ~= 'codemode' or type(value) ~= 'table' then
      return
    end
    local text = ''
    if value.kind ~= 'end' then
      -- (Neovim carries the title of `begin` over to the reports.)
      local parts = vim.tbl_filter(function(p)
        return p ~= nil and p ~= '' and p ~= 'codemode'
      end, { value.title, value.message })
      text = 'codemode: ' .. table.concat(parts, ': ')
    end
    vim.api.nvim_echo({ { text } }, false, {})
  end,
})

if vim.g.codemode_autostart ~= false and require('codemode.binary').find() then
  vim.lsp.enable('codemode')
end
