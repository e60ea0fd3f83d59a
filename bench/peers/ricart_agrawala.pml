/* Ricart-Agrawala mutual exclusion with Lamport clocks (coordination slides, slide 42), for SPIN.
 *
 * n processes (N, set with -DN=3; 2 <= N <= 8), each requests the critical section exactly once.
 * Network: one asynchronous FIFO channel per ordered pair (i, j), i != j, capacity 2 (at most one
 * REQUEST and one REPLY from i to j are ever in flight together).
 *
 * Atomicity: one step = one action of one process, each a single d_step:
 *   request : state := WANTED; clock := clock + 1; T := clock; send REQUEST(T) to every other
 *             process (a multicast is ONE send event: one clock tick, one step);
 *   receive : take the head message of one incoming channel, clock := max(clock, ts) + 1, and
 *             react: a REQUEST <Ti, pi> is deferred if state = HELD or (state = WANTED and
 *             (T, me) < (Ti, pi)), else answered at once (clock := clock + 1; send REPLY(clock));
 *             a REPLY is counted;
 *   enter   : when n-1 replies have arrived, state := HELD, the reply count restarts at 0
 *             (a local step, no clock tick);
 *   exit    : state := RELEASED; if requests were deferred, clock := clock + 1 and send
 *             REPLY(clock) to each of them (one multicast, one clock tick, one step).
 * This is the step granularity of protocheck's models/mutex/ricart_agrawala.hpp.
 *
 * Two variants:
 *   default    : the same states as protocheck's model. (1) Its causal monitor: per process the
 *                set of requests it has heard of (`knows`, carried by every message and merged on
 *                receipt) and the set at its own request (`request`); with one request each a
 *                request-counting vector clock is a bit set. (2) Its dead-variable resets, which
 *                zero what nothing can read any more: a released process's T and request set; the
 *                clock and knows of a process that has made its request (replies only go to
 *                processes that have requested, so its clock flows nowhere that matters); in a
 *                message to a process that has made its request, the knows set, and the time unless
 *                it is a REQUEST to a WANTED process. Zeroing is done where a value dies (at send,
 *                at the receiver's request, at its entry), which gives the same states as
 *                protocheck's reset after every step.
 *   -DPLAIN    : the protocol alone, every clock and timestamp kept, no monitor.
 * Everything is global (per-process arrays), temporaries are `hidden` (not part of the state), and
 * the program counter follows the phase (RELEASED before, WANTED, HELD, RELEASED after), so a state
 * stored by SPIN carries exactly the protocol's information.
 *
 * Properties:
 *   mutual exclusion : assert at the entry step that nobody else is HELD;
 *   no deadlock      : a state without successors in which a process still waits is an invalid end
 *                      state (only the two RELEASED loops carry end labels); pan -q also reports an
 *                      end state with undelivered messages;
 *   ordering         : at each entry of p, every WANTED process has a larger (T, id) and no request
 *                      that happened before p's still waits (monitor sets; default variant only),
 *                      and every process that has not yet requested already has clock >= T(p)
 *                      (so its request will be ordered after p's); with -DPLAIN also: every process
 *                      done had a smaller (T, id). These checks at entry cover the invariant: while
 *                      p is HELD a new request gets a clock above T(p).
 */

#ifndef N
#define N 3
#endif

#define REQ 1
#define REP 2

#define IDLE 0   /* RELEASED, not yet requested */
#define WANTED 1
#define HELD 2
#define DONE 3   /* RELEASED after its critical section */

/* channel from i to j (i != j) */
#define IDX(i, j) ((i) * (N - 1) + (j) - ((j) > (i)))
/* the sender index used to name the channel from k to me; for k == me (never read: guarded by
 * me != k) any valid channel keeps the index in range */
#define SRC(k) (((k) + ((k) == me)) % N)
#define IN(k) ch[IDX(SRC(k), me)]
#define OUT(k) ch[IDX(me, k)]

#define me _pid

chan ch[N * (N - 1)] = [2] of { byte, byte, byte }; /* (kind, timestamp, knows) */

byte status[N];   /* IDLE, WANTED, HELD, DONE: a function of the program counter */
byte clock[N];
byte T[N];        /* the timestamp of the process's request */
byte replies[N];  /* replies counted for the request */
byte deferred[N]; /* bit k: the request of p_k is deferred */
#ifndef PLAIN
byte knows[N];    /* monitor: bit k: p_k's request happened before the latest event */
byte request[N];  /* monitor: knows at the process's request */
#endif

/* Temporaries of one step: hidden (not part of the state). SPIN's BFS does not allow hidden
 * variables; with -DNO_HIDDEN they are ordinary globals, zeroed at the end of every step. */
#ifdef NO_HIDDEN
byte msg_kind, msg_time, msg_knows, peer_id, queued;
#define CLEAR_TEMPS msg_kind = 0; msg_time = 0; msg_knows = 0; peer_id = 0; queued = 0
#else
hidden byte msg_kind, msg_time, msg_knows, peer_id, queued;
#define CLEAR_TEMPS skip
#endif

#define BEFORE(ta, a, tb, b) ((ta) < (tb) || ((ta) == (tb) && (a) < (b)))
/* request set a happened before request set b: a <= b and a != b */
#define HAPPENED_BEFORE(a, b) (((a) & ~(b)) == 0 && (a) != (b))

#ifdef PLAIN
#define SEND(to, kind, time, vec) OUT(to)!kind, time, 0
#else
/* only values the receiver can still read travel */
#define SEND(to, kind, time, vec)                                                                  \
  if                                                                                               \
  :: status[to] == IDLE -> OUT(to)!kind, time, vec                                                 \
  :: status[to] == WANTED && kind == REQ -> OUT(to)!kind, time, 0                                  \
  :: else -> OUT(to)!kind, 0, 0                                                                    \
  fi
/* rewrite every message waiting for me: keep the time or not, drop the knows set */
#define REWRITE_INCOMING(KEEP_TIME)                                                                \
  peer_id = 0;                                                                                     \
  do                                                                                               \
  :: peer_id == N -> break                                                                         \
  :: peer_id < N && peer_id == me -> peer_id++                                                     \
  :: peer_id < N && peer_id != me ->                                                               \
     queued = len(ch[IDX(peer_id, me)]);                                                           \
     do                                                                                            \
     :: queued == 0 -> break                                                                       \
     :: queued > 0 -> ch[IDX(peer_id, me)]?msg_kind, msg_time, msg_knows;                          \
        ch[IDX(peer_id, me)]!msg_kind, (KEEP_TIME -> msg_time : 0), 0;                             \
        queued--                                                                                   \
     od;                                                                                           \
     peer_id++                                                                                     \
  od
#endif

#define TICK_MAX(ts) clock[me] = ((clock[me] > ts) -> clock[me] : ts) + 1

/* take the head message from K and react */
#ifdef PLAIN
#define ON_RECEIVE_CLOCK TICK_MAX(msg_time)
#define ON_REPLY_CLOCK clock[me]++
#else
/* the clock and knows set of a process that has made its request are dead (always 0) */
#define ON_RECEIVE_CLOCK                                                                           \
  if                                                                                               \
  :: status[me] == IDLE -> TICK_MAX(msg_time); knows[me] = knows[me] | msg_knows                   \
  :: else -> skip                                                                                  \
  fi
#define ON_REPLY_CLOCK                                                                             \
  if                                                                                               \
  :: status[me] == IDLE -> clock[me]++                                                             \
  :: else -> skip                                                                                  \
  fi
#endif
#ifdef PLAIN
#define KNOWS_OF_ME 0
#else
#define KNOWS_OF_ME knows[me]
#endif

#define RECEIVE(K)                                                                                 \
  :: d_step {                                                                                      \
       (me != K) && nempty(IN(K)) ->                                                               \
       IN(K)?msg_kind, msg_time, msg_knows;                                                        \
       ON_RECEIVE_CLOCK;                                                                           \
       if                                                                                          \
       :: msg_kind == REP -> assert(status[me] == WANTED); replies[me]++                           \
       :: msg_kind == REQ && (status[me] == HELD ||                                                \
                       (status[me] == WANTED && BEFORE(T[me], me, msg_time, K))) ->                \
          deferred[me] = deferred[me] | (1 << K)                                                   \
       :: else -> ON_REPLY_CLOCK; SEND(K, REP, clock[me], KNOWS_OF_ME)                             \
       fi;                                                                                         \
       CLEAR_TEMPS                                                                                 \
     }

/* one receive option per possible sender; options for k >= N are queued out */
#if N > 2
#define RECEIVE_2 RECEIVE(2)
#else
#define RECEIVE_2
#endif
#if N > 3
#define RECEIVE_3 RECEIVE(3)
#else
#define RECEIVE_3
#endif
#if N > 4
#define RECEIVE_4 RECEIVE(4)
#else
#define RECEIVE_4
#endif
#if N > 5
#define RECEIVE_5 RECEIVE(5)
#else
#define RECEIVE_5
#endif
#if N > 6
#define RECEIVE_6 RECEIVE(6)
#else
#define RECEIVE_6
#endif
#if N > 7
#define RECEIVE_7 RECEIVE(7)
#else
#define RECEIVE_7
#endif
#define RECEIVE_ANY                                                                                \
  RECEIVE(0) RECEIVE(1) RECEIVE_2 RECEIVE_3 RECEIVE_4 RECEIVE_5 RECEIVE_6 RECEIVE_7

/* the ordering checks at p's entry (see the header) */
#ifdef PLAIN
#define CHECK_DONE(k) (status[k] == DONE && BEFORE(T[k], k, T[me], me))
#define CHECK_CAUSAL(k) 1
#else
#define CHECK_DONE(k) (status[k] == DONE)
#define CHECK_CAUSAL(k) !HAPPENED_BEFORE(request[k], request[me])
#endif
#define CHECK_ORDERING                                                                             \
  peer_id = 0;                                                                                     \
  do                                                                                               \
  :: peer_id == N -> break                                                                         \
  :: peer_id < N ->                                                                                \
     assert(peer_id == me ||                                                                       \
            (status[peer_id] == WANTED && BEFORE(T[me], me, T[peer_id], peer_id) &&                \
             CHECK_CAUSAL(peer_id)) ||                                                             \
            CHECK_DONE(peer_id) || (status[peer_id] == IDLE && clock[peer_id] >= T[me]));          \
     peer_id++                                                                                     \
  od

active [N] proctype P()
{
end_idle:
  do
  RECEIVE_ANY
  :: d_step {
       status[me] = WANTED;
       clock[me]++;
       T[me] = clock[me];
#ifndef PLAIN
       knows[me] = knows[me] | (1 << me);
       request[me] = knows[me];
#endif
       peer_id = 0;
       do
       :: peer_id == N -> break
       :: peer_id < N && peer_id == me -> peer_id++
       :: peer_id < N && peer_id != me -> SEND(peer_id, REQ, T[me], KNOWS_OF_ME); peer_id++
       od;
#ifndef PLAIN
       clock[me] = 0;
       knows[me] = 0;
       REWRITE_INCOMING(1);
#endif
       CLEAR_TEMPS
     } -> break
  od;

  do
  RECEIVE_ANY
  :: d_step {
       status[me] == WANTED && replies[me] == N - 1 ->
       status[me] = HELD;
       replies[me] = 0;
       /* mutual exclusion */
       peer_id = 0;
       do
       :: peer_id == N -> break
       :: peer_id < N -> assert(peer_id == me || status[peer_id] != HELD); peer_id++
       od;
       CHECK_ORDERING;
#ifndef PLAIN
       REWRITE_INCOMING(0);
#endif
       CLEAR_TEMPS
     } -> break
  od;

  do
  RECEIVE_ANY
  :: d_step {
       status[me] = DONE;
       if
       :: deferred[me] != 0 ->
#ifdef PLAIN
          clock[me]++;
#endif
          peer_id = 0;
          do
          :: peer_id == N -> break
          :: peer_id < N && (deferred[me] & (1 << peer_id)) != 0 ->
             SEND(peer_id, REP, clock[me], KNOWS_OF_ME); peer_id++
          :: peer_id < N && (deferred[me] & (1 << peer_id)) == 0 -> peer_id++
          od;
          deferred[me] = 0
       :: else -> skip
       fi;
#ifndef PLAIN
       T[me] = 0;
       request[me] = 0;
#endif
       CLEAR_TEMPS
     } -> break
  od;

end_done:
  do
  RECEIVE_ANY
  od
}
