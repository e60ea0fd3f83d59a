#define TEST_NO_DESCRIBE
#include "model_base.hpp"
