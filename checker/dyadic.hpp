// Exact binary fractions m * 2^e (m a 64-bit integer) for the Markov-chain solver: the
// probabilities of coins and of dice with 2^k faces, and every sum and product of them, at machine
// speed. Nothing is ever rounded: an operation whose exact result is not such a number, or does
// not fit, throws NotDyadic, and the caller redoes the work with rationals.
#pragma once

#include <boost/multiprecision/gmp.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>

namespace protocheck::markov_internal {

struct NotDyadic {};

// 128-bit intermediates: a product or an aligned sum of two mantissas fits (a GCC extension).
__extension__ typedef __int128 Wide;
__extension__ typedef unsigned __int128 UnsignedWide;

class Dyadic {
public:
  Dyadic() = default;
  Dyadic(int value) { *this = make(value, 0); } // NOLINT: Number(0), Number(1) in the solver

  // numerator / denominator, exactly; throws NotDyadic when the reduced denominator is not a
  // power of two.
  static Dyadic fraction(std::uint64_t numerator, std::uint64_t denominator) {
    const std::uint64_t common = std::gcd(numerator, denominator);
    if (common == 0)
      throw NotDyadic{};
    numerator /= common;
    denominator /= common;
    if (!std::has_single_bit(denominator) || numerator > MaxMantissa)
      throw NotDyadic{};
    return make(static_cast<Wide>(numerator), -std::countr_zero(denominator));
  }

  friend Dyadic operator+(const Dyadic &a, const Dyadic &b) {
    if (a.mantissa_ == 0)
      return b;
    if (b.mantissa_ == 0)
      return a;
    const Dyadic &low = a.exponent_ <= b.exponent_ ? a : b;
    const Dyadic &high = a.exponent_ <= b.exponent_ ? b : a;
    const std::int64_t shift = std::int64_t{high.exponent_} - low.exponent_;
    // Both mantissas are odd, so a sum that needs a shift of 64 or more has more than 64 bits.
    if (shift >= 64)
      throw NotDyadic{};
    const Wide sum = (static_cast<Wide>(high.mantissa_) << shift) + low.mantissa_;
    return make(sum, low.exponent_);
  }
  friend Dyadic operator-(const Dyadic &a, const Dyadic &b) { return a + (-b); }
  Dyadic operator-() const {
    Dyadic negated = *this;
    negated.mantissa_ = -mantissa_; // |mantissa_| <= MaxMantissa, so this cannot overflow
    return negated;
  }
  friend Dyadic operator*(const Dyadic &a, const Dyadic &b) {
    if (a.mantissa_ == 0 || b.mantissa_ == 0)
      return Dyadic{};
    return make(static_cast<Wide>(a.mantissa_) * b.mantissa_,
                std::int64_t{a.exponent_} + b.exponent_);
  }
  // Exact only when the odd part of b divides a's mantissa.
  friend Dyadic operator/(const Dyadic &a, const Dyadic &b) {
    if (b.mantissa_ == 0)
      throw NotDyadic{};
    if (a.mantissa_ == 0)
      return Dyadic{};
    if (a.mantissa_ % b.mantissa_ != 0)
      throw NotDyadic{};
    return make(a.mantissa_ / b.mantissa_, std::int64_t{a.exponent_} - b.exponent_);
  }
  Dyadic &operator+=(const Dyadic &b) { return *this = *this + b; }
  Dyadic &operator-=(const Dyadic &b) { return *this = *this - b; }
  Dyadic &operator*=(const Dyadic &b) { return *this = *this * b; }
  Dyadic &operator/=(const Dyadic &b) { return *this = *this / b; }
  // The representation is unique (an odd mantissa, or zero with exponent 0).
  friend bool operator==(const Dyadic &a, const Dyadic &b) = default;

  explicit operator long double() const {
    return static_cast<long double>(mantissa_) * exp2l(static_cast<long double>(exponent_));
  }
  explicit operator double() const { return static_cast<double>(static_cast<long double>(*this)); }

  boost::multiprecision::mpq_rational rational() const {
    using boost::multiprecision::mpz_int;
    const mpz_int power = mpz_int(1)
                          << static_cast<unsigned>(exponent_ < 0 ? -exponent_ : exponent_);
    if (exponent_ >= 0)
      return boost::multiprecision::mpq_rational(mpz_int(mantissa_) * power);
    return boost::multiprecision::mpq_rational(mpz_int(mantissa_), power);
  }

private:
  static constexpr std::int64_t MaxMantissa = std::numeric_limits<std::int64_t>::max();
  static constexpr std::int64_t MaxExponent = 1 << 20;

  static Dyadic make(Wide mantissa, std::int64_t exponent) {
    Dyadic result;
    if (mantissa == 0)
      return result;
    const UnsignedWide magnitude = mantissa < 0 ? -static_cast<UnsignedWide>(mantissa) : mantissa;
    const auto low = static_cast<std::uint64_t>(magnitude);
    const int zeros = low != 0 ? std::countr_zero(low)
                               : 64 + std::countr_zero(static_cast<std::uint64_t>(magnitude >> 64));
    mantissa >>= zeros; // exact: those bits are zero
    exponent += zeros;
    if (mantissa > MaxMantissa || mantissa < -MaxMantissa || exponent > MaxExponent ||
        exponent < -MaxExponent)
      throw NotDyadic{};
    result.mantissa_ = static_cast<std::int64_t>(mantissa);
    result.exponent_ = static_cast<std::int32_t>(exponent);
    return result;
  }

  std::int64_t mantissa_ = 0; // odd, or 0
  std::int32_t exponent_ = 0; // 0 when the mantissa is
};

} // namespace protocheck::markov_internal
