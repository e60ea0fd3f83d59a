// Unit tests of the network building blocks: FIFO channels, the unordered bag, synchronous rounds.
#include <protocheck/kit/fifo_channels.hpp>
#include <protocheck/kit/message_bag.hpp>
#include <protocheck/kit/sync_rounds.hpp>

#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <tuple>
#include <vector>

using namespace protocheck::kit;

namespace {
struct Payload {
  std::uint8_t kind;
  std::uint8_t value;
  friend bool operator==(const Payload &, const Payload &) = default;
};
struct Message {
  std::uint8_t from;
  std::uint8_t to;
  std::uint8_t value;
  friend bool operator==(const Message &, const Message &) = default;
};
template <class T> bool same_bytes(const T &x, const T &y) {
  return std::memcmp(&x, &y, sizeof(T)) == 0;
}
using Channels = FifoChannels<Payload, 2, 6>;
} // namespace

TEST_CASE("FIFO channels deliver in order per pair, canonically") {
  STATIC_REQUIRE(std::has_unique_object_representations_v<Channels>);
  Channels a;
  a.send(1, 0, {1, 10});
  a.send(0, 1, {1, 11});
  a.send(1, 0, {2, 12});
  REQUIRE(a.size() == 3);
  REQUIRE(a.size(1, 0) == 2);
  REQUIRE(a.head(1, 0)->value == 10);
  REQUIRE(a.head(2, 0) == nullptr);

  // Sending the same messages per channel in another interleaving gives the same bytes.
  Channels b;
  b.send(1, 0, {1, 10});
  b.send(1, 0, {2, 12});
  b.send(0, 1, {1, 11});
  REQUIRE(same_bytes(a, b));

  std::vector<std::tuple<int, int, int>> heads;
  a.for_each_head(
      [&](const Channels::Entry &e) { heads.emplace_back(e.from, e.to, e.payload.value); });
  REQUIRE(heads == std::vector<std::tuple<int, int, int>>{{0, 1, 11}, {1, 0, 10}});

  REQUIRE(a.receive(1, 0).value == 10);
  REQUIRE(a.receive(1, 0).value == 12);
  REQUIRE(a.size(1, 0) == 0);
  REQUIRE_THROWS_AS(a.receive(1, 0), std::logic_error);
}

TEST_CASE("FIFO channels tell which messages one step sent, also when it took an equal one") {
  using Sent = std::vector<std::tuple<int, int, int>>;
  const auto sent = [](const Channels &before, const Channels &after,
                       const protocheck::Event &step) {
    Sent found;
    Channels::for_each_sent(before, after, step, [&](const Channels::Entry &e) {
      found.emplace_back(e.from, e.to, e.payload.value);
    });
    return found;
  };
  Channels before;
  before.send(0, 1, {1, 7});
  before.send(1, 2, {1, 8});
  // 1 receives from 0 and sends the same payload on at once, and to 0 as well: the channel
  // 0 -> 1 holds one message before and after, but it is a new one.
  Channels after = before;
  after.receive(0, 1);
  after.send(0, 1, {1, 7});
  after.send(1, 0, {2, 9});
  CHECK(sent(before, after, protocheck::deliver(1, 0, 1)) == Sent{{0, 1, 7}, {1, 0, 9}});
  // A step that takes nothing: only what was appended.
  Channels more = before;
  more.send(1, 2, {1, 10});
  more.send(2, 0, {1, 11});
  CHECK(sent(before, more, protocheck::local(1, 0)) == Sent{{1, 2, 10}, {2, 0, 11}});
  CHECK(sent(before, before, protocheck::local(1, 0)).empty());
  // A receive that sends nothing.
  Channels taken = before;
  taken.receive(1, 2);
  CHECK(sent(before, taken, protocheck::deliver(2, 1, 1)).empty());
}

TEST_CASE("FIFO channel overflow names the channel and its capacity") {
  Channels c;
  c.send(0, 2, {0, 1});
  c.send(0, 2, {0, 2});
  try {
    c.send(0, 2, {0, 3});
    FAIL("no exception");
  } catch (const ChannelOverflow &overflow) {
    REQUIRE(overflow.from() == 0);
    REQUIRE(overflow.to() == 2);
    REQUIRE(std::string(overflow.what()).find("channel p1 -> p3 is full (capacity 2)") == 0);
  }
  REQUIRE(c.size() == 2);
  // The total capacity is checked too.
  FifoChannels<Payload, 2, 2> small;
  small.send(0, 1, {});
  small.send(1, 0, {});
  REQUIRE_THROWS_AS(small.send(2, 0, {}), CapacityExceeded);
}

TEST_CASE("FIFO channels enumerate loss and duplication of heads") {
  Channels c;
  c.send(0, 1, {0, 1});
  c.send(0, 1, {0, 2});
  std::vector<DeliveryKind> kinds;
  c.for_each_delivery({.loss = true, .duplication = true},
                      [&](DeliveryKind kind, const Channels::Entry &e) {
                        REQUIRE(e.payload.value == 1); // only the head of the channel
                        kinds.push_back(kind);
                      });
  REQUIRE(kinds == std::vector<DeliveryKind>{DeliveryKind::Deliver, DeliveryKind::Drop,
                                             DeliveryKind::Duplicate});
  const Channels::Entry head = c.entries[0];
  Channels dup = c;
  REQUIRE(dup.take(DeliveryKind::Duplicate, head).value == 1);
  REQUIRE(dup == c);
  Channels drop = c;
  drop.take(DeliveryKind::Drop, head);
  REQUIRE(drop.size() == 1);
  REQUIRE(drop.head(0, 1)->value == 2);
  kinds.clear();
  c.for_each_delivery({},
                      [&](DeliveryKind kind, const Channels::Entry &) { kinds.push_back(kind); });
  REQUIRE(kinds == std::vector<DeliveryKind>{DeliveryKind::Deliver});
}

TEST_CASE("the message bag is a canonical multiset") {
  using Bag = MessageBag<Message, 4>;
  Bag a;
  a.send({2, 0, 5});
  a.send({0, 1, 7});
  a.send({2, 0, 5});
  Bag b;
  b.send({2, 0, 5});
  b.send({2, 0, 5});
  b.send({0, 1, 7});
  REQUIRE(same_bytes(a, b));
  REQUIRE(a.count({2, 0, 5}) == 2);

  std::vector<Message> delivered;
  a.for_each_delivery({}, [&](DeliveryKind, const Message &m) { delivered.push_back(m); });
  REQUIRE(delivered == std::vector<Message>{{0, 1, 7}, {2, 0, 5}}); // duplicates offered once

  std::vector<DeliveryKind> kinds;
  a.for_each_delivery({.loss = true, .duplication = false},
                      [&](DeliveryKind kind, const Message &) { kinds.push_back(kind); });
  REQUIRE(kinds.size() == 4);

  a.take(DeliveryKind::Deliver, Message{2, 0, 5});
  REQUIRE(a.count({2, 0, 5}) == 1);
  a.take(DeliveryKind::Duplicate, Message{2, 0, 5});
  REQUIRE(a.count({2, 0, 5}) == 1);
  a.take(DeliveryKind::Drop, Message{2, 0, 5});
  REQUIRE(a.count({2, 0, 5}) == 0);
  REQUIRE_THROWS_AS(a.remove({2, 0, 5}), std::logic_error);

  Bag full;
  for (int i = 0; i < 4; ++i)
    full.send({0, 0, 0});
  REQUIRE_THROWS_AS(full.send({0, 0, 0}), CapacityExceeded);
}

TEST_CASE("round mailbox: one message per pair per round") {
  using Mailbox = RoundMailbox<Payload, 3>;
  STATIC_REQUIRE(std::has_unique_object_representations_v<Mailbox>);
  Mailbox box;
  box.post(0, 2, {1, 1});
  box.post(1, 2, {1, 2});
  REQUIRE(box.has(2, 0));
  REQUIRE_FALSE(box.has(0, 2));
  REQUIRE_THROWS_AS(box.post(0, 2, {1, 3}), CapacityExceeded);
  std::vector<int> from;
  box.for_each_received(2, [&](std::size_t f, const Payload &p) {
    from.push_back(static_cast<int>(f));
    REQUIRE(p.value == f + 1);
  });
  REQUIRE(from == std::vector<int>{0, 1});
  box.next_round();
  REQUIRE(box.round == 1);
  Mailbox expected;
  expected.round = 1;
  REQUIRE(same_bytes(box, expected));
}
