# Sourced by ./convoy and ./verify: makes sure what they need is installed, installing what is missing on
# Debian/Ubuntu (as root, or through sudo) and saying so. Everything else (Maven artifacts) Maven fetches.
#   JDK 17 and Maven                  build and run
#   dataset-fashion-mnist             the real Fashion-MNIST images (/usr/share/datasets/fashion-mnist)
#   pocl-opencl-icd, ocl-icd-libopencl1, clinfo
#                                     an OpenCL platform on any CPU, so the OpenCL paths run without a GPU
#   fontconfig, fonts-dejavu-core     a font for the report's charts (Java draws their text; a bare JDK has none)
#   chromium (./verify only: convoy_prerequisites tests)
#                                     the headless browser the report's tests open every report in
convoy_prerequisites() {
  local need="" pkg extra=""
  [ "${1:-}" = "tests" ] && extra="chromium"
  command -v javac >/dev/null 2>&1 || need="$need openjdk-17-jdk-headless"
  command -v mvn >/dev/null 2>&1 || need="$need maven"
  if command -v dpkg >/dev/null 2>&1; then
    for pkg in dataset-fashion-mnist pocl-opencl-icd ocl-icd-libopencl1 clinfo fontconfig fonts-dejavu-core $extra; do
      # "install ok installed" only: a removed package whose config files remain also answers dpkg -s
      [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" = "install ok installed" ] || need="$need $pkg"
    done
  fi
  [ -z "$need" ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "convoy: missing:$need; install them with your package manager (this script installs them only on Debian/Ubuntu)" >&2
    return 1
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "convoy: missing:$need; run as root or install them: apt-get install$need" >&2
      return 1
    fi
  fi
  echo "convoy: installing Debian packages:$need" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q >&2
  $sudo apt-get install -y -q --no-install-recommends $need >&2
}
