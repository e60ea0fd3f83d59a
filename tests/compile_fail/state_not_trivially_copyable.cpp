#define TEST_STATE                                                                                 \
  struct State {                                                                                   \
    std::vector<int> values;                                                                       \
  };
#include "model_base.hpp"
