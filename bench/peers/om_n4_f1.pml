/* Oral Messages OM(1) (Lamport, Shostak, Pease), n generals (N, default 4; -DN=3 shows the failure
 * with 3 generals), at most one traitor, for SPIN.
 *
 * General 0 is the commander C, 1..N-1 the lieutenants. One run follows a fixed schedule, one step
 * at a time (one d_step each):
 *   1. the adversary picks the traitor set: {}, {C}, {L1}, ..., {L(N-1)} (any set of size <= 1);
 *   2. a loyal commander picks its order, attack or retreat (no step when C is a traitor);
 *   3. round 1: C -> L1, C -> L2, ..., C -> L(N-1), one message per step; a loyal lieutenant
 *      stores the value (heard[j]);
 *   4. round 2, recipient-major: for L1, the messages from L2, L3, ... (in id order), then L1
 *      decides; then L2's messages and decision, and so on. A loyal sender relays what it heard
 *      from C; every message of a traitor is an independent choice, attack or retreat.
 *      A loyal recipient counts the votes of round 2 and, with its last one, folds them together
 *      with its own heard value into the majority (no strict majority: retreat); deciding takes
 *      that result. A traitor's decision is no step (traitors' decisions are not judged).
 * This is the step and state granularity of protocheck's models/byzantine/oral_messages.hpp for
 * m = 1: the same variables (traitor set, order, heard values, the current recipient's vote
 * counters of both levels, decisions, and the position in the schedule), so the state counts agree.
 * Values: 0 = attack, 1 = retreat (the default); order and decision store 1 + value, 0 = none.
 *
 * Properties (IC1 and IC2 are checked when a loyal lieutenant decides, since decisions change
 * nowhere else; termination when the schedule ends):
 *   IC1 (agreement): every two loyal lieutenants that have decided, decided the same value;
 *   IC2 (validity) : if C is loyal, every loyal lieutenant that has decided obeys C's order;
 *   termination    : when the schedule is over, every loyal lieutenant has decided.
 * Expected: all hold for N = 4; with N = 3 an assertion (IC2) fails.
 */

#ifndef N
#define N 4
#endif

#define ATTACK 0
#define RETREAT 1

/* where the run stands */
#define TRAITORS 0
#define ORDER 1
#define ROUND1 2 /* message C -> L(to) */
#define ROUND2 3 /* message L(from) -> L(to) */
#define DECIDE 4 /* L(to) decides */
#define OVER 5

byte phase, from, to;
byte traitors;        /* bit g: general g is a traitor */
byte order;           /* 0: none (or C is a traitor), 1 + value */
bit heard[N];         /* per lieutenant: the value C told it (loyal lieutenants only) */
byte votes1[2];       /* the current recipient's round-2 votes per value */
byte votes0[2];       /* the current recipient's folded majority (one vote once complete) */
byte decision[N];     /* per lieutenant: 0 undecided, 1 + value */
byte v, g;            /* temporaries, zero between steps */

#define TRAITOR(x) ((traitors >> (x)) & 1)
/* the last sender of round 2 to lieutenant r */
#define LAST_SENDER(r) (((r) == N - 1) -> N - 2 : N - 1)

/* After a step: move past entries that are no step for this traitor set (C's order when C is a
 * traitor, a traitor's decision). With at most one traitor no message goes from a traitor to a
 * traitor. */
#define ADVANCE                                                                                    \
  do                                                                                               \
  :: phase == ORDER && TRAITOR(0) -> phase = ROUND1; to = 1                                        \
  :: phase == DECIDE && TRAITOR(to) ->                                                             \
     if                                                                                            \
     :: to == N - 1 -> phase = OVER; to = 0                                                        \
     :: else -> phase = ROUND2; to++; from = ((to == 1) -> 2 : 1)                                  \
     fi                                                                                            \
  :: else -> break                                                                                 \
  od;                                                                                              \
  if                                                                                               \
  :: phase == OVER -> /* termination: every loyal lieutenant has decided */                        \
     g = 1;                                                                                        \
     do                                                                                            \
     :: g == N -> break                                                                            \
     :: g < N -> assert(TRAITOR(g) || decision[g] != 0); g++                                       \
     od;                                                                                           \
     g = 0                                                                                         \
  :: else -> skip                                                                                  \
  fi

/* C -> L(to) carries value v */
#define ROUND1_RECEIVE                                                                             \
  if                                                                                               \
  :: !TRAITOR(to) -> heard[to] = v                                                                 \
  :: else -> skip                                                                                  \
  fi;                                                                                              \
  if                                                                                               \
  :: to == N - 1 -> phase = ROUND2; to = 1; from = 2                                               \
  :: else -> to++                                                                                  \
  fi;                                                                                              \
  v = 0; ADVANCE

/* L(from) -> L(to) carries value v */
#define ROUND2_RECEIVE                                                                             \
  if                                                                                               \
  :: !TRAITOR(to) ->                                                                               \
     votes1[v]++;                                                                                  \
     if                                                                                            \
     :: from == LAST_SENDER(to) ->                                                                 \
        /* fold: majority of the votes and the own value; no strict majority gives retreat */     \
        v = ((2 * (votes1[ATTACK] + (heard[to] == ATTACK)) > N - 1) -> ATTACK : RETREAT);         \
        votes1[ATTACK] = 0; votes1[RETREAT] = 0;                                                   \
        votes0[v]++                                                                                \
     :: else -> skip                                                                               \
     fi                                                                                            \
  :: else -> skip                                                                                  \
  fi;                                                                                              \
  if                                                                                               \
  :: from == LAST_SENDER(to) -> phase = DECIDE; from = 0                                           \
  :: else -> from++; from = ((from == to) -> from + 1 : from)                                      \
  fi;                                                                                              \
  v = 0; ADVANCE

#define CHOOSE_TRAITOR(x)                                                                          \
  :: d_step { phase == TRAITORS -> traitors = 1 << (x); phase = ORDER; ADVANCE }

active proctype om()
{
end:
  do
  /* 1. the traitor set */
  :: d_step { phase == TRAITORS -> traitors = 0; phase = ORDER; ADVANCE }
  CHOOSE_TRAITOR(0)
  CHOOSE_TRAITOR(1)
  CHOOSE_TRAITOR(2)
#if N > 3
  CHOOSE_TRAITOR(3)
#endif
#if N > 4
  CHOOSE_TRAITOR(4)
#endif
#if N > 5
  CHOOSE_TRAITOR(5)
#endif
#if N > 6
  CHOOSE_TRAITOR(6)
#endif
#if N > 7
  CHOOSE_TRAITOR(7)
#endif
  /* 2. a loyal commander's order */
  :: d_step { phase == ORDER -> order = 1 + ATTACK; phase = ROUND1; to = 1; ADVANCE }
  :: d_step { phase == ORDER -> order = 1 + RETREAT; phase = ROUND1; to = 1; ADVANCE }
  /* 3. round 1 */
  :: d_step { phase == ROUND1 && !TRAITOR(0) -> v = order - 1; ROUND1_RECEIVE }
  :: d_step { phase == ROUND1 && TRAITOR(0) -> v = ATTACK; ROUND1_RECEIVE }
  :: d_step { phase == ROUND1 && TRAITOR(0) -> v = RETREAT; ROUND1_RECEIVE }
  /* 4. round 2 and the decisions */
  :: d_step { phase == ROUND2 && !TRAITOR(from) -> v = heard[from]; ROUND2_RECEIVE }
  :: d_step { phase == ROUND2 && TRAITOR(from) -> v = ATTACK; ROUND2_RECEIVE }
  :: d_step { phase == ROUND2 && TRAITOR(from) -> v = RETREAT; ROUND2_RECEIVE }
  :: d_step {
       phase == DECIDE ->
       v = ((votes0[ATTACK] != 0) -> ATTACK : RETREAT);
       votes0[v] = 0;
       decision[to] = 1 + v;
       /* IC1 and IC2 against every loyal lieutenant that has decided before */
       g = 1;
       do
       :: g == N -> break
       :: g < N ->
          assert(TRAITOR(g) || decision[g] == 0 || decision[g] == decision[to]); /* IC1 */
          g++
       od;
       g = 0;
       assert(TRAITOR(0) || decision[to] == order); /* IC2 */
       if
       :: to == N - 1 -> phase = OVER; to = 0
       :: else -> phase = ROUND2; to++; from = ((to == 1) -> 2 : 1)
       fi;
       v = 0; ADVANCE
     }
  od
}
