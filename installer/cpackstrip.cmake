# SPDX-License-Identifier: MIT
# Strips the programs in cpack's staging tree as Debian's dh_strip does (CPACK_PRE_BUILD_SCRIPTS):
# no symbols or debug information, and no .comment/.note sections (compiler versions), which
# CPACK_STRIP_FILES's plain `strip` leaves in.
file(GLOB_RECURSE files LIST_DIRECTORIES false "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*")
set(programs ${files})
list(FILTER programs INCLUDE REGEX "/bin/[^/]+$")
foreach(program ${programs})
    execute_process(
        COMMAND strip --remove-section=.comment --remove-section=.note --strip-unneeded ${program}
        RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "cannot strip ${program}")
    endif()
endforeach()
if(NOT programs)
    message(FATAL_ERROR "no programs found to strip in ${CPACK_TEMPORARY_INSTALL_DIRECTORY}")
endif()
