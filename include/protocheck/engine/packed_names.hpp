// The names of the committed states of a tree store (engine/tree_store.hpp), by rank, each
// packed into as few bits as the largest values met so far need. A name's values are node
// indices (or words) of the tops of its trees; most tops have few distinct values, so a 32-byte
// name usually packs into 10 to 16 bytes. When a value outgrows its field, every name is
// repacked with a wider field (between levels, so at most a few times per field per run).
#pragma once

#include <protocheck/engine/chunked_storage.hpp>
#include <protocheck/engine/tree_store.hpp>

#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

namespace protocheck {

class PackedNames {
public:
  using Name = TreeStore::Name;
  static constexpr std::size_t Fields = std::tuple_size_v<Name>;

  PackedNames() { lay_out({}); }

  std::size_t size() const { return size_; }

  // Single-threaded: room for `count` names (names past the old size are undefined until stored).
  void resize(std::size_t count) {
    while (chunks_.size() * ChunkSize < count)
      chunks_.push_back(new_chunk());
    size_ = count;
  }

  // Stores a name whose every value fits its field (see widen); distinct ranks may be stored
  // from different threads at once.
  void store(std::size_t rank, const Name &name) {
    std::array<std::byte, MaxStride + 8> packed{};
    for (std::size_t f = 0; f < Fields; ++f) {
      std::uint64_t bits;
      std::memcpy(&bits, packed.data() + offset_[f] / 8, sizeof bits);
      bits |= std::uint64_t{name[f]} << (offset_[f] % 8);
      std::memcpy(packed.data() + offset_[f] / 8, &bits, sizeof bits);
    }
    std::memcpy(at(rank), packed.data(), stride_);
  }

  Name load(std::size_t rank) const {
    const std::byte *bytes = at(rank);
    Name name;
    for (std::size_t f = 0; f < Fields; ++f) {
      std::uint64_t bits;
      std::memcpy(&bits, bytes + offset_[f] / 8, sizeof bits);
      name[f] = static_cast<std::uint32_t>((bits >> (offset_[f] % 8)) & mask(width_[f]));
    }
    return name;
  }

  // Single-threaded, between parallel phases: makes each field wide enough for values up to
  // `largest`, with one bit to spare so that a growing field is rarely repacked; repacks every
  // stored name (in parallel) if a field widens.
  void widen(const Name &largest) {
    std::array<unsigned, Fields> wanted = width_;
    bool grows = false;
    for (std::size_t f = 0; f < Fields; ++f)
      if (static_cast<unsigned>(std::bit_width(largest[f])) > width_[f]) {
        wanted[f] = std::min(32u, static_cast<unsigned>(std::bit_width(largest[f])) + 1);
        grows = true;
      }
    if (!grows)
      return;
    PackedNames wider;
    wider.lay_out(wanted);
    wider.resize(size_);
    tbb::parallel_for(std::size_t{0}, size_,
                      [&](std::size_t rank) { wider.store(rank, load(rank)); });
    *this = std::move(wider);
  }

  std::size_t bytes() const { return chunks_.size() * (ChunkSize * stride_ + 8); }
  std::size_t stride() const { return stride_; }

private:
  static constexpr std::size_t MaxStride = Fields * 4;

  std::array<unsigned, Fields> width_{};
  std::array<unsigned, Fields> offset_{};
  std::size_t stride_ = 1;
  std::vector<std::unique_ptr<std::byte[]>> chunks_;
  std::size_t size_ = 0;

  static std::uint64_t mask(unsigned width) { return (std::uint64_t{1} << width) - 1; }

  void lay_out(const std::array<unsigned, Fields> &widths) {
    width_ = widths;
    unsigned offset = 0;
    for (std::size_t f = 0; f < Fields; ++f) {
      offset_[f] = offset;
      offset += width_[f];
    }
    stride_ = std::max<std::size_t>(1, (offset + 7) / 8);
  }

  // Each chunk has 8 spare bytes, so that a field's 8-byte read never leaves it.
  std::unique_ptr<std::byte[]> new_chunk() const {
    return std::make_unique<std::byte[]>(ChunkSize * stride_ + 8);
  }
  std::byte *at(std::size_t rank) const {
    return chunks_[rank >> ChunkBits].get() + (rank & (ChunkSize - 1)) * stride_;
  }
};

} // namespace protocheck
