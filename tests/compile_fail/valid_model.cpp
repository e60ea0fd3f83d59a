#include "model_base.hpp"
