-- Shared by the wrk scripts that give each thread its own share of a file's lines
-- (dofile("bench/wrk-threads.lua"); wrk runs from the repository's root).
local threads = {}
local counter = 0

-- wrk calls setup once per thread before it starts: number the threads
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

-- In a thread: the lines of `file` whose index modulo `nthreads` is this thread's id.
function thread_share(file, nthreads)
  local lines = {}
  local index = 0
  for line in io.lines(file) do
    if index % nthreads == id then table.insert(lines, line) end
    index = index + 1
  end
  return lines
end

-- In done(): the sum over all threads of a global each thread kept.
function threads_sum(name)
  local total = 0
  for _, thread in ipairs(threads) do total = total + (thread:get(name) or 0) end
  return total
end
