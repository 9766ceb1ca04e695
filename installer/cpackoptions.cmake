# SPDX-License-Identifier: MIT
# Per-generator CPack settings, read by cpack for each generator (CPACK_PROJECT_CONFIG_FILE).
if(CPACK_GENERATOR STREQUAL "TGZ")
    # The .tar.gz unpacks anywhere: no /etc or /lib/systemd files, the unit as an example.
    set(CPACK_COMPONENTS_ALL Unspecified archive)
    # Everything under traceflow-<version>-linux-amd64/ (a component install leaves it out).
    set(CPACK_COMPONENT_INCLUDE_TOPLEVEL_DIRECTORY ON)
endif()

