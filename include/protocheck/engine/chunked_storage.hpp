// Storage for states that never moves an element once written, so other threads may read an
// element while its owner keeps appending (no reallocation, unlike std::vector).
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <new>
#include <stdexcept>
#include <vector>

namespace protocheck {

inline constexpr unsigned ChunkBits = 16;
inline constexpr std::size_t ChunkSize = std::size_t{1} << ChunkBits;

// Grown only between parallel phases (by one thread); read by many threads during a phase.
template <class T> class ChunkedVector {
public:
  std::size_t size() const { return size_; }

  void resize(std::size_t size) {
    while (chunks_.size() * ChunkSize < size)
      chunks_.push_back(std::make_unique_for_overwrite<T[]>(ChunkSize));
    size_ = size;
  }

  // Frees the chunks that hold only elements below `index` (which must not be read again).
  void release_below(std::size_t index) {
    for (std::size_t c = 0; c < chunks_.size() && (c + 1) * ChunkSize <= index; ++c)
      chunks_[c].reset();
  }

  T &operator[](std::size_t i) { return chunks_[i >> ChunkBits][i & (ChunkSize - 1)]; }
  const T &operator[](std::size_t i) const { return chunks_[i >> ChunkBits][i & (ChunkSize - 1)]; }

  // Bytes held, counting only the chunks still allocated.
  std::size_t bytes() const {
    std::size_t held = 0;
    for (const auto &chunk : chunks_)
      held += chunk ? ChunkSize * sizeof(T) : 0;
    return held + chunks_.capacity() * sizeof(void *);
  }

private:
  std::vector<std::unique_ptr<T[]>> chunks_;
  std::size_t size_ = 0;
};

// Records appended by one writer: any thread may read a record once the writer has published its
// index (with release/acquire through some other atomic, e.g. a hash-table slot). The chunk
// directory has a fixed size so that it never moves under a reader. Each record is a Header
// followed by `payload_bytes` bytes chosen at run time (a state, or what names it), so that a
// record holds no more than it must.
template <class Header> class RecordArena {
public:
  static constexpr std::size_t MaxChunks = std::size_t{1} << 15; // 2^31 records per arena

  explicit RecordArena(std::size_t payload_bytes = 0)
      : payload_bytes_(payload_bytes),
        stride_((sizeof(Header) + payload_bytes + alignof(Header) - 1) / alignof(Header) *
                alignof(Header)),
        chunks_(std::make_unique<std::atomic<std::byte *>[]>(MaxChunks)) {}
  ~RecordArena() {
    for (std::size_t c = 0; c < allocated_; ++c)
      ::operator delete[](chunks_[c].load(std::memory_order_relaxed),
                          std::align_val_t{alignof(Header)});
  }
  RecordArena(const RecordArena &) = delete;
  RecordArena &operator=(const RecordArena &) = delete;

  std::size_t size() const { return size_; }
  std::size_t payload_bytes() const { return payload_bytes_; }

  // The record at index size(), with a fresh Header, allocated but not yet counted: fill it,
  // publish it, then call push(). If it is never pushed, the next call returns it again.
  Header &next() {
    const std::size_t c = size_ >> ChunkBits;
    if (c >= allocated_) {
      if (c >= MaxChunks)
        throw std::length_error("more than 2^31 new states in one BFS level for one thread");
      auto *chunk = static_cast<std::byte *>(
          ::operator new[](ChunkSize *stride_, std::align_val_t{alignof(Header)}));
      chunks_[c].store(chunk, std::memory_order_release);
      ++allocated_;
    }
    std::byte *at =
        chunks_[c].load(std::memory_order_relaxed) + (size_ & (ChunkSize - 1)) * stride_;
    return *::new (at) Header();
  }
  void push() { ++size_; }

  Header &operator[](std::size_t i) const {
    std::byte *chunk = chunks_[i >> ChunkBits].load(std::memory_order_acquire);
    return *std::launder(reinterpret_cast<Header *>(chunk + (i & (ChunkSize - 1)) * stride_));
  }
  // The payload of a record of this arena.
  static std::byte *payload(Header &record) { return reinterpret_cast<std::byte *>(&record + 1); }
  static const std::byte *payload(const Header &record) {
    return reinterpret_cast<const std::byte *>(&record + 1);
  }

  void clear() { size_ = 0; }

  std::size_t bytes() const {
    return allocated_ * ChunkSize * stride_ + MaxChunks * sizeof(void *);
  }

private:
  std::size_t payload_bytes_;
  std::size_t stride_;
  std::unique_ptr<std::atomic<std::byte *>[]> chunks_;
  std::size_t allocated_ = 0;
  std::size_t size_ = 0;
};

} // namespace protocheck
