// Everything a model author's program needs: the Model API (model.hpp, parameters.hpp,
// event.hpp, property.hpp), the kit of networks, faults and containers (kit/), the registry that
// instantiates the engine for each model, and the command line (cli.hpp).
#pragma once

#include <protocheck/cli.hpp>
#include <protocheck/engine/check.hpp>
#include <protocheck/event.hpp>
#include <protocheck/model.hpp>
#include <protocheck/parameters.hpp>
#include <protocheck/property.hpp>
#include <protocheck/registry.hpp>
