# Installs a released statusgen binary on Windows (x86_64):
#
#   powershell -ExecutionPolicy Bypass -c "irm https://github.com/statusgen/statusgen/releases/latest/download/statusgen-installer.ps1 | iex"
#
# Downloads the archive from the GitHub release, checks it against the release's SHA256SUMS (a
# mismatch or a missing entry stops with nothing installed) and puts statusgen.exe and its
# PowerShell completion script under a folder, which it adds to the user's PATH.
#
# Environment:
#   STATUSGEN_VERSION  release tag to install, e.g. v0.2.0 (default: the latest release)
#   STATUSGEN_PREFIX   where to install (default: $env:LOCALAPPDATA\statusgen)
#   STATUSGEN_REPO     owner/name of the repository releasing it (default: statusgen/statusgen)
$ErrorActionPreference = 'Stop'

$repo = if ($env:STATUSGEN_REPO) { $env:STATUSGEN_REPO } else { 'statusgen/statusgen' }
$version = if ($env:STATUSGEN_VERSION) { $env:STATUSGEN_VERSION } else { 'latest' }
$prefix = if ($env:STATUSGEN_PREFIX) { $env:STATUSGEN_PREFIX } else { Join-Path $env:LOCALAPPDATA 'statusgen' }

function Fail($message) { throw "statusgen installer: $message" }

if ($version -ne 'latest' -and $version -notmatch '^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$') {
    Fail "STATUSGEN_VERSION must be a release tag such as v0.2.0 or 'latest', not '$version'"
}
$arch = [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture
if ($arch -ne 'X64') {
    Fail "no release archive for Windows $arch; install from source: cargo install --locked --git https://github.com/$repo statusgen"
}
$target = 'x86_64-pc-windows-msvc'

[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12
if ($version -eq 'latest') {
    $release = Invoke-RestMethod -UseBasicParsing "https://api.github.com/repos/$repo/releases/latest"
    $version = [string]$release.tag_name
    if ($version -notmatch '^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$') {
        Fail "GitHub named no release tag for $repo; set STATUSGEN_VERSION"
    }
}
$base = "https://github.com/$repo/releases/download/$version"
$name = "statusgen-$version-$target"

$tmp = Join-Path ([System.IO.Path]::GetTempPath()) ([System.Guid]::NewGuid().ToString())
New-Item -ItemType Directory -Path $tmp | Out-Null
try {
    Write-Host "statusgen installer: downloading $name.zip ($version)"
    Invoke-WebRequest -UseBasicParsing "$base/$name.zip" -OutFile (Join-Path $tmp "$name.zip")
    Invoke-WebRequest -UseBasicParsing "$base/SHA256SUMS" -OutFile (Join-Path $tmp 'SHA256SUMS')

    $want = $null
    foreach ($line in Get-Content (Join-Path $tmp 'SHA256SUMS')) {
        $fields = $line -split '\s+', 2
        if ($fields.Count -eq 2 -and $fields[1].TrimStart('*') -eq "$name.zip") { $want = $fields[0].ToLower() }
    }
    if (-not $want) { Fail "SHA256SUMS has no entry for $name.zip" }
    $got = (Get-FileHash -Algorithm SHA256 (Join-Path $tmp "$name.zip")).Hash.ToLower()
    if ($want -ne $got) { Fail "checksum mismatch for $name.zip (expected $want, got $got); nothing installed" }

    Expand-Archive -Path (Join-Path $tmp "$name.zip") -DestinationPath $tmp
    $bin = Join-Path $prefix 'bin'
    New-Item -ItemType Directory -Force -Path $bin | Out-Null
    Copy-Item (Join-Path $tmp "$name\statusgen.exe") (Join-Path $bin 'statusgen.exe') -Force
    $completions = Join-Path $tmp "$name\completions"
    if (Test-Path $completions) {
        $dest = Join-Path $prefix 'completions'
        New-Item -ItemType Directory -Force -Path $dest | Out-Null
        Copy-Item (Join-Path $completions '*') $dest -Force
    }
} finally {
    Remove-Item -Recurse -Force $tmp
}

$userPath = [Environment]::GetEnvironmentVariable('Path', 'User')
if (-not (($userPath -split ';') -contains $bin)) {
    [Environment]::SetEnvironmentVariable('Path', "$bin;$userPath", 'User')
    Write-Host "statusgen installer: added $bin to your PATH (open a new terminal to use it)"
}
Write-Host "statusgen installer: installed $bin\statusgen.exe ($version)"
Write-Host "statusgen installer: for completions add to `$PROFILE: . '$prefix\completions\statusgen.ps1'"
