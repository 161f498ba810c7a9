-- Neovim as a second real LSP client (0.7.x API: start_client + buf_attach_client), run headless by
-- test/e2e/neovim.test.ts:
--   nvim --headless -u NONE -i NONE -n -c 'luafile client.lua'
-- with paved-road-server on PATH and PR_FILE, PR_OUT in the environment (cwd = the project root). It opens PR_FILE, waits for
-- the server's diagnostics, hovers the first one, asks for code actions, applies the preferred one,
-- writes the file, waits for the diagnostics to follow, and writes everything it saw to PR_OUT as
-- JSON for the mocha test to judge. Every wait is vim.wait on a condition (events), not a sleep.

local env = function(name)
  local v = os.getenv(name)
  if not v or v == '' then error('missing environment variable ' .. name) end
  return v
end
local out_path = env('PR_OUT')
-- Each wait's ceiling in ms (the test scales it for the machine's load; 20 s when unset).
local ceiling = (tonumber(os.getenv('PR_CEILING') or '') or 20) * 1000
local report = { steps = {} }

local function finish(err)
  if err then report.error = tostring(err) end
  local f = assert(io.open(out_path, 'w'))
  f:write(vim.fn.json_encode(report))
  f:close()
  for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
  vim.wait(5000, function() return #vim.lsp.get_active_clients() == 0 end, 20)
  vim.cmd('qa!')
end

local function step(name) table.insert(report.steps, name) end

local function to_lsp(d)
  -- vim.diagnostic keeps the LSP fields (code, data) under user_data.lsp.
  local lsp = (d.user_data and d.user_data.lsp) or {}
  return {
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    severity = d.severity, message = d.message, source = d.source,
    code = d.code or lsp.code, data = lsp.data,
  }
end

local function snapshot(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local l = to_lsp(d)
    table.insert(list, { line = d.lnum, col = d.col, end_line = d.end_lnum, end_col = d.end_col,
      severity = d.severity, source = d.source, code = l.code, message = d.message })
  end
  table.sort(list, function(a, b) return a.line < b.line or (a.line == b.line and a.col < b.col) end)
  return list
end

local ok, err = pcall(function()
  -- Exactly the README's Neovim 0.7 snippet: `paved-road-server` found on PATH (the test puts it
  -- there the way the README says: `npm install -g` of this checkout).
  local client_id = vim.lsp.start_client({ name = 'paved-road', cmd = { 'paved-road-server', '--stdio' }, root_dir = vim.fn.getcwd() })
  if not client_id then error('vim.lsp.start_client returned nil') end
  vim.cmd('edit ' .. vim.fn.fnameescape(env('PR_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  if not vim.lsp.buf_attach_client(bufnr, client_id) then error('buf_attach_client failed') end
  local client = vim.lsp.get_client_by_id(client_id)
  step('attached')

  if not vim.wait(ceiling, function() return #vim.diagnostic.get(bufnr) > 0 end, 20) then
    error('no diagnostics within ' .. ceiling / 1000 .. ' s')
  end
  report.before = snapshot(bufnr)
  step('diagnostics')

  -- The finding to fix: the first one from paved-road with a rule id.
  local target
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'paved-road' and (not target or d.lnum < target.lnum) then target = d end
  end
  if not target then error('no paved-road diagnostic among ' .. #vim.diagnostic.get(bufnr)) end
  local uri = vim.uri_from_bufnr(bufnr)
  local lsp_target = to_lsp(target)

  local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover',
    { textDocument = { uri = uri }, position = lsp_target.range.start }, ceiling)
  for _, res in pairs(hover or {}) do
    if res.result and res.result.contents then report.hover = res.result.contents.value or res.result.contents end
  end
  step('hover')

  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = uri }, range = lsp_target.range,
    context = { diagnostics = { lsp_target }, only = { 'quickfix' } },
  }, ceiling)
  local preferred
  report.actions = {}
  for _, res in pairs(responses or {}) do
    for _, action in ipairs(res.result or {}) do
      table.insert(report.actions, { title = action.title, isPreferred = action.isPreferred == true, kind = action.kind })
      if action.isPreferred and action.edit and not preferred then preferred = action end
    end
  end
  step('codeAction')
  if not preferred then error('no preferred code action with an edit') end

  report.fixed_line = target.lnum
  vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding or 'utf-16')
  vim.cmd('silent write')
  step('applied')

  -- The buffer changed: the server re-analyses and republishes; wait until the fixed line is clean.
  local function fixed_line_clean()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.lnum == target.lnum and d.source == 'paved-road' then return false end
    end
    return true
  end
  if not vim.wait(ceiling, fixed_line_clean, 20) then error('the finding on the fixed line did not go away within ' .. ceiling / 1000 .. ' s') end
  report.after = snapshot(bufnr)
  step('republished')
end)

finish(not ok and err or nil)
