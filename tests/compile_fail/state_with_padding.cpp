#define TEST_STATE                                                                                 \
  struct State {                                                                                   \
    std::uint8_t flag = 0;                                                                         \
    std::uint32_t count = 0;                                                                       \
  };
#include "model_base.hpp"
