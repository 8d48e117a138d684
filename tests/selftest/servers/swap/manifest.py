"""swap selftest servers: the requirement IDs each buggy server must fail (exactly these, no
others) and the servers that must pass every requirement.

What the sets assume of the checks (the model in protocols/swap.py names the IDs):
- A check fails its requirement when the first violation the model reports names it
  (``Violation.ids``: a lone client given its own message breaks SWAP-2 and SWAP-4).
- Outside SWAP-8 every client completes its message before it closes, at teardown too, so a
  server that cannot survive an aborted client fails SWAP-8 and nothing else.
- SWAP-5 includes a client that connects first and completes its message after two others
  (within 2 s), and three clearly ordered (settled) completions within one second of each
  other. A pairing that reading clients in connection order forces (a silent client connected
  earlier held the ready ones apart) is not unfair: that is SWAP-9 alone.
- SWAP-3 includes a waiting client and two messages completed in one burst.
- SWAP-7 sends messages in several writes with pauses.
- SWAP-9 keeps a silent client connected ahead of two ready ones; the SWAP-4 check has silent
  clients only where it is not their turn (the model then reports SWAP-4 and SWAP-9).
- A server shared between examples is left with no waiting client (all closed and settled).

Why each set is what the standard says:
- buggy_echo: a client gets its own message (SWAP-2); one alone receives something and no pair
  ever forms (SWAP-4). No two clients are ever paired, so SWAP-1, SWAP-3, SWAP-5 and SWAP-6,
  which are about a pair, are not shown (V-WITNESS); buggy_echoes_request (every piece sent
  straight back) breaks SWAP-7 too. C-ROBUST and C-CONC need an answer in any shape.
- buggy_never_answers: nothing holds.
- buggy_threads_non_daemon: the pairing of correct_threads_condition, with daemon_threads
  left False: after ctrl-C the thread of a client waiting for its partner keeps the process
  alive (SWAP-10 alone).
- buggy_connection_order: a silent client on its turn blocks the ready ones (SWAP-9, a SHOULD;
  not SWAP-4, whose liveness the standard leaves to SWAP-9 when it is the silent one's turn).
  Its connection order differs from full-arrival order only behind such a silent client, so
  not SWAP-5 ("Where two requirements meet": a pair is due once every client connected
  earlier has sent).
- buggy_lifo: with three waiting, the latest two pair (SWAP-5); pairs form within ~1 s.
- buggy_pairs_disconnected: FIFO, but a closed waiter is paired (SWAP-6 only).
- buggy_unlocked_slot: two newcomers take the same waiter: one message reaches two clients
  and the waiter gets one of theirs — a pairing that is not a matching (SWAP-3). Every byte
  sent is a whole message of some client, so SWAP-1 holds.
- buggy_recv25_once: a fragmented message is cut at a write boundary (SWAP-7).
- buggy_reset_waiter_paired: a waiter that reset its connection is paired when the next client
  comes within half a second (SWAP-6's edge case `waiter resets`).
- buggy_sends_twice: a second message after the first (SWAP-2).
- buggy_dies_on_partial: the process exits on an aborted client (SWAP-8).
- buggy_pairs_part_message: `if not message: return` after `rfile.read(25)`: the piece of a
  client that sent 12 bytes and left is passed to the client waiting then, a message cut
  short (SWAP-7, its edge case `part then leaves while one waits`). The server stays up and
  serves the clients after it (SWAP-8 holds); no invented bytes, no self-delivery.
- buggy_peek_raises_on_reset: the departure test catches BlockingIOError only, and the
  waiting thread never looks itself: the client that comes for a waiter that reset dies of
  ConnectionResetError in its handler and is closed unanswered (SWAP-4's and SWAP-8's edge
  cases `waiter resets` and `resets while waiting`). A waiter that reset is never paired, so
  SWAP-6 holds: the client dropped is the live one, a liveness fault.
"""

BUGGY = {
    "buggy_never_answers.py": {"SWAP-1", "SWAP-2", "SWAP-3", "SWAP-4", "SWAP-5", "SWAP-6", "SWAP-7", "SWAP-8", "SWAP-9", "SWAP-10"},
    "buggy_echoes_request.py": {"SWAP-1", "SWAP-2", "SWAP-3", "SWAP-4", "SWAP-5", "SWAP-6", "SWAP-7"},
    "buggy_echo.py": {"SWAP-1", "SWAP-2", "SWAP-3", "SWAP-4", "SWAP-5", "SWAP-6"},
    # As buggy_echo.py, with every other reply 0.4 s late: SWAP-8 (C-ROBUST) holds, whichever
    # of the two clients after a misbehaving one is answered first.
    "buggy_echo_every_other_late.py": {"SWAP-1", "SWAP-2", "SWAP-3", "SWAP-4", "SWAP-5", "SWAP-6"},
    "buggy_connection_order.py": {"SWAP-9"},
    "buggy_lifo.py": {"SWAP-5"},
    "buggy_pairs_disconnected.py": {"SWAP-6"},  # only SWAP-6
    "buggy_reset_waiter_paired.py": {"SWAP-6"},
    "buggy_unlocked_slot.py": {"SWAP-3"},
    "buggy_recv25_once.py": {"SWAP-7"},
    "buggy_sends_twice.py": {"SWAP-2"},
    "buggy_dies_on_partial.py": {"SWAP-8"},
    "buggy_pairs_part_message.py": {"SWAP-7"},
    "buggy_peek_raises_on_reset.py": {"SWAP-4", "SWAP-8"},
    "buggy_threads_non_daemon.py": {"SWAP-10"},
    # Connection-order pairs; the first client's message goes to the second at once, before
    # the second has sent, and nothing comes back: the pair does not swap (SWAP-3), the second
    # is answered early (SWAP-7); a waiter that left is paired (SWAP-6), a first client that
    # closes at once drops the next (SWAP-8), a silent one on its turn blocks (SWAP-9). Every
    # pair forms as soon as two are connected, so SWAP-4's liveness holds. Under SWAP-3 the
    # early answer comes first in every example, and a one-way delivery shows no pair: SWAP-3
    # is then "not shown", where it used to pass.
    "buggy_one_way_relay.py": {"SWAP-3", "SWAP-6", "SWAP-7", "SWAP-8", "SWAP-9"},
    # C-PATIENCE: a server that gives up on a waiting client within 3 s fails SWAP-4 (the
    # answer that never came); V-EDGE tries a lone waiter of 3 s and a waiter that leaves
    # 0.5 s before the next client on every run. Clients that come together pair as they
    # should, and elsewhere the drop ends the judging of an example (another requirement's
    # violation), so nothing else fails.
    # SWAP-7 is witnessed by its edge case where neither client waits alone (both last bytes
    # after the pause), so the drop is charged to SWAP-4 alone, whatever the seed.
    "buggy_drops_lone_waiter.py": {"SWAP-4"},
    "buggy_drops_next_after_leaver.py": {"SWAP-4"},
}

# V-WITNESS: of the IDs above, these are "not shown", never failed: no pair ever forms.
NOT_SHOWN = {
    "buggy_echo.py": {"SWAP-1", "SWAP-3", "SWAP-5", "SWAP-6"},
    "buggy_echo_every_other_late.py": {"SWAP-1", "SWAP-3", "SWAP-5", "SWAP-6"},
}

CORRECT = [
    "correct_threads_condition.py",
    "correct_asyncio.py",
    "correct_selectors.py",
    "correct_binds_hostname.py",  # binds socket.gethostname()
    "correct_event_poll.py",  # polls Event.wait(0.25), giving up only when its client has gone
]
