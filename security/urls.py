from .registers import REGISTERS

app_name = "security"

urlpatterns = []
for register in REGISTERS:
    urlpatterns += register.urls()
