-- Ricart-Agrawala mutual exclusion with Lamport clocks (coordination slides, slide 42), for rumur.
--
-- N processes (the constant N below; run_peers.sh writes a copy per n), each requests the
-- critical section exactly once. Network: one asynchronous FIFO channel per ordered pair (i, j),
-- i != j, capacity 2 (at most one REQUEST and one REPLY from i to j are ever in flight together).
--
-- Atomicity: one step = one action of one process, each a single rule:
--   request : state := WANTED; clock := clock + 1; T := clock; send REQUEST(T) to every other
--             process (a multicast is ONE send event: one clock tick, one step);
--   receive : take the head message of one incoming channel, clock := max(clock, ts) + 1, and
--             react: a REQUEST <Ti, pi> is deferred if state = HELD or (state = WANTED and
--             (T, me) < (Ti, pi)), else answered at once (clock := clock + 1; send REPLY(clock));
--             a REPLY is counted;
--   enter   : when n-1 replies have arrived, state := HELD, the reply count restarts at 0
--             (a local step, no clock tick);
--   exit    : state := RELEASED; if requests were deferred, clock := clock + 1 and send
--             REPLY(clock) to each of them (one multicast, one clock tick, one step).
-- This is the step granularity of protocheck's models/mutex/ricart_agrawala.hpp and of
-- ricart_agrawala.pml.
--
-- Two variants, by the constant ALIGNED:
--   true  : the same states as protocheck's model: its causal monitor (per process the requests
--           it has heard of, `knows`, carried by every message and merged on receipt, and the set
--           at its own request, `request`; with one request each a request-counting vector clock
--           is a set) and its dead-variable resets, which zero what nothing can read any more: a
--           released process's T and request set; the clock and knows set of a process that has
--           made its request; in a message to such a process, the knows set, and the time unless
--           it is a REQUEST to a WANTED process. Values are zeroed where they die (at send, at the
--           receiver's request, at its entry, at exit), which gives the same states as
--           protocheck's reset after every step.
--   false : the protocol alone, every clock and timestamp kept, no monitor.
-- Unused channel slots are left undefined (one canonical value) and net[i][i] is never used, so a
-- state carries exactly the protocol's information.
--
-- Properties:
--   mutual exclusion : invariant, at most one process HELD;
--   no deadlock      : rumur's deadlock detection (--deadlock-detection stuck): a state without
--                      enabled rules is an error. The rule "finished" (no change) is enabled
--                      exactly in the good terminal states: everyone has requested and released,
--                      no message is in flight;
--   ordering         : invariant, while p is HELD: every process still WANTED has a larger (T, id)
--                      and (ALIGNED) its request did not happen before p's; every process that has
--                      not yet requested already has clock >= T(p) (its request will be ordered
--                      after p's); (not ALIGNED) every process done had a smaller (T, id).

const
  N: 3;
  ALIGNED: true;
  CAPACITY: 2;
  MAXTIME: 200; -- far above the largest clock value reachable with one request each

type
  pid: 0 .. N - 1;
  phase_t: enum { Released, Wanted, Held };
  time_t: 0 .. MAXTIME;
  kind_t: enum { Request, Reply };
  pidset: array [pid] of boolean;
  message: record
    kind: kind_t;
    time: time_t;
    knows: pidset;
  end;
  channel: record
    count: 0 .. CAPACITY;
    slot: array [0 .. CAPACITY - 1] of message;
  end;
  process: record
    phase: phase_t;
    requested: boolean;
    clock: time_t;
    T: time_t;
    replies: 0 .. N - 1;
    deferred: pidset;
    knows: pidset;   -- monitor (ALIGNED only; otherwise always empty)
    request: pidset; -- monitor (ALIGNED only; otherwise always empty)
  end;

var
  proc: array [pid] of process;
  net: array [pid] of array [pid] of channel; -- net[i][j]: from i to j; net[i][i] is never used

procedure clear_set(var s: pidset);
begin
  for q: pid do s[q] := false; endfor;
end;

procedure send(src: pid; dst: pid; kind: kind_t; time: time_t; knows: pidset);
begin
  assert net[src][dst].count < CAPACITY "channel capacity exceeded";
  net[src][dst].slot[net[src][dst].count].kind := kind;
  if !ALIGNED | !proc[dst].requested then
    net[src][dst].slot[net[src][dst].count].time := time;
    net[src][dst].slot[net[src][dst].count].knows := knows;
  else
    -- ALIGNED: only values the receiver can still read travel
    if kind = Request & proc[dst].phase = Wanted then
      net[src][dst].slot[net[src][dst].count].time := time;
    else
      net[src][dst].slot[net[src][dst].count].time := 0;
    endif;
    clear_set(net[src][dst].slot[net[src][dst].count].knows);
  endif;
  net[src][dst].count := net[src][dst].count + 1;
end;

-- (ta, a) < (tb, b) in the Lamport total order
function before(ta: time_t; a: pid; tb: time_t; b: pid): boolean;
begin
  return ta < tb | (ta = tb & a < b);
end;

-- request set a happened before request set b: a <= b and a != b
function happened_before(a: pidset; b: pidset): boolean;
var differ: boolean;
begin
  differ := false;
  for q: pid do
    if a[q] & !b[q] then return false; endif;
    if a[q] != b[q] then differ := true; endif;
  endfor;
  return differ;
end;

-- ALIGNED: rewrite the messages waiting for p when p requests (their knows sets die) or enters
-- (their times die as well)
procedure forget_incoming(p: pid; keep_time: boolean);
begin
  for q: pid do
    for i: 0 .. CAPACITY - 1 do
      if i < net[q][p].count then
        clear_set(net[q][p].slot[i].knows);
        if !keep_time then
          net[q][p].slot[i].time := 0;
        endif;
      endif;
    endfor;
  endfor;
end;

startstate "init"
begin
  for p: pid do
    proc[p].phase := Released;
    proc[p].requested := false;
    proc[p].clock := 0;
    proc[p].T := 0;
    proc[p].replies := 0;
    clear_set(proc[p].deferred);
    clear_set(proc[p].knows);
    clear_set(proc[p].request);
    for q: pid do
      net[p][q].count := 0;
    endfor;
  endfor;
end;

ruleset p: pid do

  rule "request"
    proc[p].phase = Released & !proc[p].requested
  ==>
  begin
    proc[p].phase := Wanted;
    proc[p].requested := true;
    proc[p].clock := proc[p].clock + 1;
    proc[p].T := proc[p].clock;
    if ALIGNED then
      proc[p].knows[p] := true;
      proc[p].request := proc[p].knows;
    endif;
    for q: pid do
      if q != p then
        send(p, q, Request, proc[p].T, proc[p].knows);
      endif;
    endfor;
    if ALIGNED then
      -- the clock and knows set of a process that has made its request are dead
      proc[p].clock := 0;
      clear_set(proc[p].knows);
      forget_incoming(p, true);
    endif;
  end;

  rule "enter"
    proc[p].phase = Wanted & proc[p].replies = N - 1
  ==>
  begin
    proc[p].phase := Held;
    proc[p].replies := 0;
    if ALIGNED then
      forget_incoming(p, false);
    endif;
  end;

  rule "exit"
    proc[p].phase = Held
  ==>
  var sent: boolean;
  begin
    proc[p].phase := Released;
    sent := false;
    for q: pid do
      if proc[p].deferred[q] then
        if !sent & !ALIGNED then
          proc[p].clock := proc[p].clock + 1;
          sent := true;
        endif;
        send(p, q, Reply, proc[p].clock, proc[p].knows);
        proc[p].deferred[q] := false;
      endif;
    endfor;
    if ALIGNED then
      proc[p].T := 0;
      clear_set(proc[p].request);
    endif;
  end;

endruleset;

-- p takes the head message of the channel from q
ruleset p: pid; q: pid do
  rule "receive"
    p != q & net[q][p].count > 0
  ==>
  var head: message;
  begin
    head := net[q][p].slot[0];
    for i: 0 .. CAPACITY - 2 do
      if i + 1 < net[q][p].count then
        net[q][p].slot[i] := net[q][p].slot[i + 1];
      endif;
    endfor;
    net[q][p].count := net[q][p].count - 1;
    undefine net[q][p].slot[net[q][p].count];

    -- (ALIGNED: the clock and knows set of a process that has made its request stay 0)
    if !ALIGNED | !proc[p].requested then
      if proc[p].clock > head.time then
        proc[p].clock := proc[p].clock + 1;
      else
        proc[p].clock := head.time + 1;
      endif;
      for r: pid do
        proc[p].knows[r] := proc[p].knows[r] | head.knows[r];
      endfor;
    endif;

    if head.kind = Reply then
      proc[p].replies := proc[p].replies + 1;
    elsif proc[p].phase = Held | (proc[p].phase = Wanted & before(proc[p].T, p, head.time, q)) then
      proc[p].deferred[q] := true;
    else
      if !ALIGNED | !proc[p].requested then
        proc[p].clock := proc[p].clock + 1;
      endif;
      send(p, q, Reply, proc[p].clock, proc[p].knows);
    endif;
  end;
endruleset;

rule "finished"
  forall p: pid do
    proc[p].requested & proc[p].phase = Released &
    forall q: pid do net[p][q].count = 0 endforall
  endforall
==>
begin
end;

invariant "mutual exclusion"
  forall p: pid do forall q: pid do
    (p != q & proc[p].phase = Held) -> proc[q].phase != Held
  endforall endforall;

invariant "ordering"
  forall p: pid do forall q: pid do
    (p != q & proc[p].phase = Held) ->
      ((proc[q].phase = Wanted ->
          (before(proc[p].T, p, proc[q].T, q) &
           (!ALIGNED | !happened_before(proc[q].request, proc[p].request)))) &
       ((proc[q].phase = Released & proc[q].requested & !ALIGNED) ->
          before(proc[q].T, q, proc[p].T, p)) &
       ((proc[q].phase = Released & !proc[q].requested) -> proc[q].clock >= proc[p].T))
  endforall endforall;
